import { Route, Routes } from "react-router";
import { AppShell } from "../layout/app-shell.js";
import { AuditEventPage } from "../pages/audit/audit-event-page.js";
import { AuditPage } from "../pages/audit/audit-page.js";
import { AgentsListPage } from "../pages/clients/agents-list-page.js";
import { ClientDetailPage } from "../pages/clients/client-detail-page.js";
import { ClientEditPage } from "../pages/clients/client-edit-page.js";
import { ClientNewPage } from "../pages/clients/client-new-page.js";
import { ClientsListPage } from "../pages/clients/clients-list-page.js";
import { NotFoundPage } from "../pages/not-found-page.js";
import { OverviewPage } from "../pages/overview/overview-page.js";
import { RoleDetailPage } from "../pages/roles/role-detail-page.js";
import { RoleEditPage } from "../pages/roles/role-edit-page.js";
import { RoleNewPage } from "../pages/roles/role-new-page.js";
import { RolesListPage } from "../pages/roles/roles-list-page.js";
import { ServerDetailPage } from "../pages/servers/server-detail-page.js";
import { ServerEditPage } from "../pages/servers/server-edit-page.js";
import { ServerNewPage } from "../pages/servers/server-new-page.js";
import { ServersListPage } from "../pages/servers/servers-list-page.js";
import { SettingsPage } from "../pages/settings/settings-page.js";
import { UserDetailPage } from "../pages/users/user-detail-page.js";
import { UserEditPage } from "../pages/users/user-edit-page.js";
import { UserNewPage } from "../pages/users/user-new-page.js";
import { UsersListPage } from "../pages/users/users-list-page.js";

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
        <Route path="users" element={<UsersListPage />} />
        <Route path="users/new" element={<UserNewPage />} />
        <Route path="users/:id" element={<UserDetailPage />} />
        <Route path="users/:id/edit" element={<UserEditPage />} />
        <Route path="audit" element={<AuditPage />} />
        <Route path="audit/:id" element={<AuditEventPage />} />
        <Route path="settings" element={<SettingsPage />} />
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}
