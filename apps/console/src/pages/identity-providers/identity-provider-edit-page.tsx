import { useParams } from "react-router";
import { identityProvidersApi } from "../../api/identity-providers-api.js";
import { Loadable } from "../../components/loadable.js";
import { PageHeader } from "../../components/page-header.js";
import { useResource } from "../../hooks/use-resource.js";
import { IdentityProviderForm } from "./identity-provider-form.js";

export function IdentityProviderEditPage() {
  const { id = "" } = useParams();
  const provider = useResource((signal) => identityProvidersApi.get(id, signal), [id]);
  return (
    <>
      <PageHeader title={provider.data ? `Edit ${provider.data.name}` : "Edit identity provider"} back={{ to: `/identity-providers/${id}`, label: provider.data?.name ?? "Identity provider" }} />
      <Loadable resource={provider} backTo={{ href: "/identity-providers", label: "All identity providers" }}>
        {(p) => <IdentityProviderForm key={p.version} provider={p} onReload={provider.reload} />}
      </Loadable>
    </>
  );
}
