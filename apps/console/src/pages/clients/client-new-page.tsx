import { PageHeader } from "../../components/page-header.js";
import { ClientForm } from "./client-form.js";

export function ClientNewPage({ kind }: { kind: "application" | "agent" }) {
  return (
    <>
      <PageHeader
        title={kind === "agent" ? "New agent" : "New application"}
        back={kind === "agent" ? { to: "/agents", label: "Agents" } : { to: "/clients", label: "Clients" }}
        description={
          kind === "agent"
            ? "An agent authenticates as itself (client credentials) and gets the scopes of its roles."
            : "Pre-register an application. MCP clients such as Claude or VS Code usually register themselves instead."
        }
      />
      <ClientForm kind={kind} />
    </>
  );
}
