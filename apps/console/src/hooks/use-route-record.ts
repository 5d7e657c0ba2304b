import { useParams } from "react-router";
import { useResource } from "./use-resource.js";

/** The record a page's address names (`/users/:id`), loaded again when the address changes. */
export function useRouteRecord<T>(load: (id: string, signal: AbortSignal) => Promise<T>) {
  const { id = "" } = useParams();
  const record = useResource((signal) => load(id, signal), [id]);
  return { id, record };
}
