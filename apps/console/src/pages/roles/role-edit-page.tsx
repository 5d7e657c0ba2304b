import { rolesApi } from "../../api/roles-api.js";
import { EditRecordPage } from "../shared/edit-record-page.js";
import { RoleForm } from "./role-form.js";

export function RoleEditPage() {
  return (
    <EditRecordPage load={rolesApi.get} noun="role" name={(r) => r.name} detailHref={(id) => `/roles/${id}`} list={{ href: "/roles", label: "All roles" }}>
      {(r, reload) => <RoleForm role={r} onReload={reload} />}
    </EditRecordPage>
  );
}
