import { useId } from "react";
import { clientsApi } from "../../api/clients-api.js";
import { usersApi } from "../../api/users-api.js";
import { RecordPicker, type PickerOption } from "../../components/record-picker.js";
import { useResource } from "../../hooks/use-resource.js";
import { clientOption, searchClients, searchUsers, userOption } from "./record-search.js";

interface RecordFilterProps {
  value: string;
  onChange: (id: string) => void;
}

/** A list filter by user: search, then choose one ("Any user" clears it). */
export function UserFilter({ value, onChange }: RecordFilterProps) {
  const current = useCurrentOption(value, (id, signal) => usersApi.get(id, signal).then(userOption));
  return <PickerFilter label="User" noun="users" anyLabel="Any user" value={value} current={current} onChange={onChange} search={searchUsers} />;
}

/** A list filter by client (any kind): search, then choose one ("Any client" clears it). */
export function ClientFilter({ value, onChange }: RecordFilterProps) {
  const current = useCurrentOption(value, (id, signal) => clientsApi.get(id, signal).then(clientOption));
  return <PickerFilter label="Client" noun="clients" anyLabel="Any client" value={value} current={current} onChange={onChange} search={searchClients} />;
}

/**
 * The chosen record's option when the filter arrives with the link (from a user's or client's page,
 * a shared URL): named once it is read, by its ID until then or if it no longer exists.
 */
function useCurrentOption(id: string, read: (id: string, signal: AbortSignal) => Promise<PickerOption>): PickerOption | undefined {
  const record = useResource((signal) => (id ? read(id, signal) : Promise.resolve(undefined)), [id]);
  if (!id) return undefined;
  return record.data?.value === id ? record.data : { value: id, label: id };
}

function PickerFilter({ label, noun, anyLabel, value, current, onChange, search }: RecordFilterProps & {
  label: string;
  noun: string;
  anyLabel: string;
  current: PickerOption | undefined;
  search: (q: string, signal: AbortSignal) => Promise<PickerOption[]>;
}) {
  const id = useId();
  return (
    <div className="filter filter-picker">
      <label htmlFor={id} className="visually-hidden">
        {label}
      </label>
      <RecordPicker
        control={{ id, name: label.toLowerCase(), "aria-invalid": undefined, "aria-describedby": undefined }}
        noun={noun}
        anyLabel={anyLabel}
        value={value}
        current={current}
        onChange={onChange}
        search={search}
      />
    </div>
  );
}
