import { PageHeader } from "../../components/page-header.js";
import { UserForm } from "./user-form.js";

export function UserNewPage() {
  return (
    <>
      <PageHeader title="New user" back={{ to: "/users", label: "Users" }} />
      <UserForm />
    </>
  );
}
