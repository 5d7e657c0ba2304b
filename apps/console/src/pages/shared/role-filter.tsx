import { FilterSelect } from "../../components/filter-select.js";
import { useRoles } from "./use-role-options.js";

/** A list filter by role ("Any role" or one of them). */
export function RoleFilter({ value, onChange }: { value: string; onChange: (roleId: string) => void }) {
  const roles = useRoles();
  return <FilterSelect label="Role" value={value} onChange={onChange} options={[{ value: "", label: "Any role" }, ...(roles.data ?? []).map((r) => ({ value: r.id, label: r.name }))]} />;
}
