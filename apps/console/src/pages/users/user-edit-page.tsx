import { usersApi } from "../../api/users-api.js";
import { EditRecordPage } from "../shared/edit-record-page.js";
import { UserForm } from "./user-form.js";

export function UserEditPage() {
  return (
    <EditRecordPage load={usersApi.get} noun="user" name={(u) => u.email} detailHref={(id) => `/users/${id}`} list={{ href: "/users", label: "All users" }}>
      {(u, reload) => <UserForm user={u} onReload={reload} />}
    </EditRecordPage>
  );
}
