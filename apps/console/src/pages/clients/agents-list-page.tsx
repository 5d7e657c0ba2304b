import { Link } from "react-router";
import { PageHeader } from "../../components/page-header.js";
import { ClientsList } from "./clients-list.js";

export function AgentsListPage() {
  return (
    <>
      <PageHeader
        title="Agents"
        description="Autonomous clients with an identity of their own: they get tokens with client credentials (a secret or a key) and act as themselves."
        actions={
          <Link className="btn btn-primary" to="/agents/new">
            New agent
          </Link>
        }
      />
      <ClientsList fixedKind="agent" newHref="/agents/new" newLabel="Create an agent" />
    </>
  );
}
