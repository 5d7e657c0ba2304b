import { useParams } from "react-router";
import { usersApi } from "../../api/users-api.js";
import { Loadable } from "../../components/loadable.js";
import { PageHeader } from "../../components/page-header.js";
import { useResource } from "../../hooks/use-resource.js";
import { UserForm } from "./user-form.js";

export function UserEditPage() {
  const { id = "" } = useParams();
  const user = useResource((signal) => usersApi.get(id, signal), [id]);
  return (
    <>
      <PageHeader title={user.data ? `Edit ${user.data.email}` : "Edit user"} back={{ to: `/users/${id}`, label: user.data?.email ?? "User" }} />
      <Loadable resource={user} backTo={{ href: "/users", label: "All users" }}>
        {(u) => <UserForm key={u.version} user={u} onReload={user.reload} />}
      </Loadable>
    </>
  );
}
