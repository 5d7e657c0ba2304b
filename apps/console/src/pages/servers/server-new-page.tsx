import { PageHeader } from "../../components/page-header.js";
import { ServerForm } from "./server-form.js";

export function ServerNewPage() {
  return (
    <>
      <PageHeader title="New MCP server" back={{ to: "/servers", label: "MCP servers" }} description="Register an MCP server Toolgate issues tokens for. You add its tools and scopes next." />
      <ServerForm />
    </>
  );
}
