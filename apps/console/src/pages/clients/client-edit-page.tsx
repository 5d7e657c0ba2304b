import { useParams } from "react-router";
import { clientsApi } from "../../api/clients-api.js";
import { Loadable } from "../../components/loadable.js";
import { PageHeader } from "../../components/page-header.js";
import { useResource } from "../../hooks/use-resource.js";
import { ClientForm } from "./client-form.js";

export function ClientEditPage() {
  const { id = "" } = useParams();
  const client = useResource((signal) => clientsApi.get(id, signal), [id]);
  return (
    <>
      <PageHeader title={client.data ? `Edit ${client.data.name || client.data.id}` : "Edit client"} back={{ to: `/clients/${encodeURIComponent(id)}`, label: client.data?.name || "Client" }} />
      <Loadable resource={client} backTo={{ href: "/clients", label: "All clients" }}>
        {(c) => <ClientForm key={c.version} kind={c.kind === "agent" ? "agent" : "application"} client={c} onReload={client.reload} />}
      </Loadable>
    </>
  );
}
