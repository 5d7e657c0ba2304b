import { Route, Routes } from "react-router";
import { AppShell } from "../layout/app-shell.js";
import { lazyPage } from "./lazy-page.js";

// Each page is its own chunk: the first screen loads only what it shows (forms and their
// schemas load with the pages that have them).
const AuditEventPage = lazyPage(() => import("../pages/audit/audit-event-page.js").then((m) => m.AuditEventPage));
const AuditPage = lazyPage(() => import("../pages/audit/audit-page.js").then((m) => m.AuditPage));
const ApprovalsPage = lazyPage(() => import("../pages/clients/approvals-page.js").then((m) => m.ApprovalsPage));
const AgentsListPage = lazyPage(() => import("../pages/clients/agents-list-page.js").then((m) => m.AgentsListPage));
const ClientDetailPage = lazyPage(() => import("../pages/clients/client-detail-page.js").then((m) => m.ClientDetailPage));
const ClientEditPage = lazyPage(() => import("../pages/clients/client-edit-page.js").then((m) => m.ClientEditPage));
const ClientNewPage = lazyPage(() => import("../pages/clients/client-new-page.js").then((m) => m.ClientNewPage));
const ConsentsPage = lazyPage(() => import("../pages/consents/consents-page.js").then((m) => m.ConsentsPage));
const DelegationPage = lazyPage(() => import("../pages/delegation/delegation-page.js").then((m) => m.DelegationPage));
const IdentityProviderDetailPage = lazyPage(() => import("../pages/identity-providers/identity-provider-detail-page.js").then((m) => m.IdentityProviderDetailPage));
const IdentityProviderEditPage = lazyPage(() => import("../pages/identity-providers/identity-provider-edit-page.js").then((m) => m.IdentityProviderEditPage));
const IdentityProviderNewPage = lazyPage(() => import("../pages/identity-providers/identity-provider-new-page.js").then((m) => m.IdentityProviderNewPage));
const IdentityProvidersListPage = lazyPage(() => import("../pages/identity-providers/identity-providers-list-page.js").then((m) => m.IdentityProvidersListPage));
const SignInPolicyPage = lazyPage(() => import("../pages/sign-in-policy/sign-in-policy-page.js").then((m) => m.SignInPolicyPage));
const ClientsListPage = lazyPage(() => import("../pages/clients/clients-list-page.js").then((m) => m.ClientsListPage));
const NotFoundPage = lazyPage(() => import("../pages/not-found-page.js").then((m) => m.NotFoundPage));
const OverviewPage = lazyPage(() => import("../pages/overview/overview-page.js").then((m) => m.OverviewPage));
const RoleDetailPage = lazyPage(() => import("../pages/roles/role-detail-page.js").then((m) => m.RoleDetailPage));
const RoleEditPage = lazyPage(() => import("../pages/roles/role-edit-page.js").then((m) => m.RoleEditPage));
const RoleNewPage = lazyPage(() => import("../pages/roles/role-new-page.js").then((m) => m.RoleNewPage));
const RolesListPage = lazyPage(() => import("../pages/roles/roles-list-page.js").then((m) => m.RolesListPage));
const ServerDetailPage = lazyPage(() => import("../pages/servers/server-detail-page.js").then((m) => m.ServerDetailPage));
const ServerEditPage = lazyPage(() => import("../pages/servers/server-edit-page.js").then((m) => m.ServerEditPage));
const ServerNewPage = lazyPage(() => import("../pages/servers/server-new-page.js").then((m) => m.ServerNewPage));
const ServersListPage = lazyPage(() => import("../pages/servers/servers-list-page.js").then((m) => m.ServersListPage));
const SettingsPage = lazyPage(() => import("../pages/settings/settings-page.js").then((m) => m.SettingsPage));
const UserDetailPage = lazyPage(() => import("../pages/users/user-detail-page.js").then((m) => m.UserDetailPage));
const UserEditPage = lazyPage(() => import("../pages/users/user-edit-page.js").then((m) => m.UserEditPage));
const UserNewPage = lazyPage(() => import("../pages/users/user-new-page.js").then((m) => m.UserNewPage));
const UsersListPage = lazyPage(() => import("../pages/users/users-list-page.js").then((m) => m.UsersListPage));

export function AppRoutes() {
  return (
    <Routes>
      <Route element={<AppShell />}>
        <Route index element={<OverviewPage />} />
        <Route path="servers" element={<ServersListPage />} />
        <Route path="servers/new" element={<ServerNewPage />} />
        <Route path="servers/:id" element={<ServerDetailPage />} />
        <Route path="servers/:id/edit" element={<ServerEditPage />} />
        <Route path="roles" element={<RolesListPage />} />
        <Route path="roles/new" element={<RoleNewPage />} />
        <Route path="roles/:id" element={<RoleDetailPage />} />
        <Route path="roles/:id/edit" element={<RoleEditPage />} />
        <Route path="clients" element={<ClientsListPage />} />
        <Route path="clients/new" element={<ClientNewPage kind="application" />} />
        <Route path="clients/:id" element={<ClientDetailPage />} />
        <Route path="clients/:id/edit" element={<ClientEditPage />} />
        <Route path="agents" element={<AgentsListPage />} />
        <Route path="agents/new" element={<ClientNewPage kind="agent" />} />
        <Route path="approvals" element={<ApprovalsPage />} />
        <Route path="users" element={<UsersListPage />} />
        <Route path="users/new" element={<UserNewPage />} />
        <Route path="users/:id" element={<UserDetailPage />} />
        <Route path="users/:id/edit" element={<UserEditPage />} />
        <Route path="consents" element={<ConsentsPage />} />
        <Route path="delegation" element={<DelegationPage />} />
        <Route path="identity-providers" element={<IdentityProvidersListPage />} />
        <Route path="identity-providers/new" element={<IdentityProviderNewPage />} />
        <Route path="identity-providers/:id" element={<IdentityProviderDetailPage />} />
        <Route path="identity-providers/:id/edit" element={<IdentityProviderEditPage />} />
        <Route path="sign-in-policy" element={<SignInPolicyPage />} />
        <Route path="audit" element={<AuditPage />} />
        <Route path="audit/:id" element={<AuditEventPage />} />
        <Route path="settings" element={<SettingsPage />} />
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}
