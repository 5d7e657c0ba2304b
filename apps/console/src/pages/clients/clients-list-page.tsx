import { Link } from "react-router";
import { PageHeader } from "../../components/page-header.js";
import { ClientsList } from "./clients-list.js";

export function ClientsListPage() {
  return (
    <>
      <PageHeader
        title="Clients"
        description="Applications you registered, agents, and MCP clients that registered themselves (DCR) or identify by a metadata document (CIMD)."
        actions={
          <Link className="btn btn-primary" to="/clients/new">
            New application
          </Link>
        }
      />
      <ClientsList newHref="/clients/new" newLabel="Register an application" />
    </>
  );
}
