import { clientsApi } from "../../api/clients-api.js";
import type { Client, User } from "../../api/types.js";
import { usersApi } from "../../api/users-api.js";
import type { PickerOption } from "../../components/record-picker.js";

/** How a record reads in a picker: a user by email (and name), a client by name (and ID). */
export const userOption = (u: User): PickerOption => ({ value: u.id, label: u.name ? `${u.email} (${u.name})` : u.email });
export const clientOption = (c: Client): PickerOption => ({ value: c.id, label: c.name ? `${c.name} (${c.id})` : c.id });

/** The first matches of a search, for a RecordPicker. */
export const searchUsers = (q: string, signal: AbortSignal) => usersApi.list({ q, pageSize: 30 }, signal).then((p) => p.items.map(userOption));
export const searchClients = (q: string, signal: AbortSignal) => clientsApi.list({ q, pageSize: 30 }, signal).then((p) => p.items.map(clientOption));
export const searchAgents = (q: string, signal: AbortSignal) => clientsApi.list({ q, kind: "agent", pageSize: 30 }, signal).then((p) => p.items.map(clientOption));
