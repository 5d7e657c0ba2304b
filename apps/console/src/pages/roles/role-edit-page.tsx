import { useParams } from "react-router";
import { rolesApi } from "../../api/roles-api.js";
import { Loadable } from "../../components/loadable.js";
import { PageHeader } from "../../components/page-header.js";
import { useResource } from "../../hooks/use-resource.js";
import { RoleForm } from "./role-form.js";

export function RoleEditPage() {
  const { id = "" } = useParams();
  const role = useResource((signal) => rolesApi.get(id, signal), [id]);
  return (
    <>
      <PageHeader title={role.data ? `Edit ${role.data.name}` : "Edit role"} back={{ to: `/roles/${id}`, label: role.data?.name ?? "Role" }} />
      <Loadable resource={role} backTo={{ href: "/roles", label: "All roles" }}>
        {(r) => <RoleForm key={r.version} role={r} onReload={role.reload} />}
      </Loadable>
    </>
  );
}
