import type { ServerListQuery } from "../../api/types.js";

export const SERVER_FILTER_KEYS = ["q", "requireApproval", "hasDefaultRole"] as const;
export type ServerFilterValues = Record<(typeof SERVER_FILTER_KEYS)[number], string>;

export const APPROVAL_OPTIONS = [
  { value: "", label: "Any approval rule" },
  { value: "true", label: "Clients need approval" },
  { value: "false", label: "No approval needed" },
] as const;

export const DEFAULT_ROLE_OPTIONS = [
  { value: "", label: "Any default role" },
  { value: "true", label: "With a default role" },
  { value: "false", label: "No default role" },
] as const;

/** A yes/no filter's URL value: only "true" or "false" reach the API; anything else means "any". */
export function yesNo(value: string): "true" | "false" | undefined {
  return value === "true" || value === "false" ? value : undefined;
}

/** URL values → the API's filter. */
export function toServerListQuery(values: ServerFilterValues): ServerListQuery {
  return { q: values.q || undefined, requireApproval: yesNo(values.requireApproval), hasDefaultRole: yesNo(values.hasDefaultRole) };
}

export function isFiltered(values: ServerFilterValues): boolean {
  return SERVER_FILTER_KEYS.some((k) => values[k] !== "");
}
