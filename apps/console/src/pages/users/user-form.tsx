import { userCreate, userUpdate } from "@toolgate/contracts";
import { useNavigate } from "react-router";
import { usersApi } from "../../api/users-api.js";
import type { User } from "../../api/types.js";
import { ActionError } from "../../components/action-error.js";
import { FormActions } from "../../components/form-actions.js";
import { useToast } from "../../components/toasts.js";
import { errorFor } from "../../forms/field-errors.js";
import { SelectField, TextField } from "../../forms/fields.js";
import { useForm } from "../../forms/use-form.js";
import { changedFields } from "../shared/changed-fields.js";
import { RolePicker } from "../shared/role-picker.js";
import { useRoles } from "../shared/use-role-options.js";

interface Values {
  email: string;
  name: string;
  username: string;
  password: string;
  status: string;
  roleIds: string[];
}

const valuesOf = (u?: User): Values => ({ email: u?.email ?? "", name: u?.name ?? "", username: u?.username ?? "", password: "", status: u?.status ?? "active", roleIds: u?.roles.map((r) => r.id) ?? [] });

export function UserForm({ user, onReload }: { user?: User; onReload?: () => void }) {
  const navigate = useNavigate();
  const notify = useToast();
  const roles = useRoles();
  const form = useForm({
    initial: valuesOf(user),
    schema: user ? userUpdate : userCreate,
    fields: ["email", "name", "username", "password", "status", "roleIds"],
    toPayload: (v: Values) => {
      if (!user) {
        return {
          email: v.email.trim(),
          name: v.name.trim(),
          ...(v.username.trim() ? { username: v.username.trim() } : {}),
          ...(v.password ? { password: v.password } : {}),
          status: v.status as "active",
          roleIds: v.roleIds,
        };
      }
      const before = valuesOf(user);
      const edit = (x: Values) => ({ email: x.email.trim(), name: x.name.trim(), username: x.username.trim() || null, status: x.status });
      return { ...changedFields(edit(before), edit(v)), ...(v.password ? { password: v.password } : {}), version: user.version };
    },
    submit: async (payload) => {
      const saved = user ? await usersApi.update(user.id, payload as never) : await usersApi.create(payload as never);
      notify(user ? "User saved" : `${saved.email} added`);
      navigate(`/users/${saved.id}`);
    },
  });
  return (
    <form className="form card" onSubmit={form.onSubmit} noValidate>
      <ActionError error={form.formError} onReload={onReload} />
      <div className="form-row">
        <TextField form={form} name="email" label="Email" type="email" autoComplete="off" />
        <TextField form={form} name="name" label="Name" optional />
      </div>
      <div className="form-row">
        <TextField form={form} name="username" label="Username" optional hint="Can be used instead of the email to sign in." />
        <SelectField form={form} name="status" label="Status" options={[{ value: "active", label: "Active" }, { value: "disabled", label: "Disabled (cannot sign in; tokens revoked)" }]} />
      </div>
      <TextField
        form={form}
        name="password"
        label={user ? "New password" : "Password"}
        type="password"
        optional
        autoComplete="new-password"
        hint={user ? "Leave empty to keep the current password." : "At least 12 characters. Leave empty for users who sign in through an identity provider only."}
      />
      {!user && roles.data && <RolePicker roles={roles.data} selected={form.values.roleIds} onChange={(ids) => form.set("roleIds", ids)} error={errorFor(form.errors, "roleIds")} />}
      <FormActions submitting={form.submitting} submitLabel={user ? "Save changes" : "Add user"} onCancel={() => navigate(user ? `/users/${user.id}` : "/users")} />
    </form>
  );
}
