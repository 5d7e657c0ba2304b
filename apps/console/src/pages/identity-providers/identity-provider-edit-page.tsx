import { identityProvidersApi } from "../../api/identity-providers-api.js";
import { EditRecordPage } from "../shared/edit-record-page.js";
import { IdentityProviderForm } from "./identity-provider-form.js";

export function IdentityProviderEditPage() {
  return (
    <EditRecordPage
      load={identityProvidersApi.get}
      noun="identity provider"
      name={(p) => p.name}
      detailHref={(id) => `/identity-providers/${id}`}
      list={{ href: "/identity-providers", label: "All identity providers" }}
    >
      {(p, reload) => <IdentityProviderForm provider={p} onReload={reload} />}
    </EditRecordPage>
  );
}
