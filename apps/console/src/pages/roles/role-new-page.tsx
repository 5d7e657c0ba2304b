import { PageHeader } from "../../components/page-header.js";
import { RoleForm } from "./role-form.js";

export function RoleNewPage() {
  return (
    <>
      <PageHeader title="New role" back={{ to: "/roles", label: "Roles" }} description="A role is a named bundle of scopes, possibly across MCP servers, that you bind to clients and users." />
      <RoleForm />
    </>
  );
}
