import { PageHeader } from "../../components/page-header.js";
import { IdentityProviderForm } from "./identity-provider-form.js";

export function IdentityProviderNewPage() {
  return (
    <>
      <PageHeader
        title="New identity provider"
        back={{ to: "/identity-providers", label: "Identity providers" }}
        description="An OpenID Connect provider (Okta, Entra ID, Google Workspace, Keycloak, another Toolgate…) users may sign in with. After adding it, register the redirect URI shown on its page with the provider."
      />
      <IdentityProviderForm />
    </>
  );
}
