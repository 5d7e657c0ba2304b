import { clientsApi } from "../../api/clients-api.js";
import { EditRecordPage } from "../shared/edit-record-page.js";
import { ClientForm } from "./client-form.js";

export function ClientEditPage() {
  return (
    <EditRecordPage load={clientsApi.get} noun="client" name={(c) => c.name || c.id} detailHref={(id) => `/clients/${encodeURIComponent(id)}`} list={{ href: "/clients", label: "All clients" }}>
      {(c, reload) => <ClientForm kind={c.kind === "agent" ? "agent" : "application"} client={c} onReload={reload} />}
    </EditRecordPage>
  );
}
