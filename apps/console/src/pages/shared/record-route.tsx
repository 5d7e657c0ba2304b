import type { ReactNode } from "react";
import { Loadable } from "../../components/loadable.js";
import type { Resource } from "../../hooks/use-resource.js";
import { useRouteRecord } from "../../hooks/use-route-record.js";

interface RecordRouteProps<T> {
  load: (id: string, signal: AbortSignal) => Promise<T>;
  /** Where a missing record sends the admin ("All users"). */
  list: { href: string; label: string };
  /** The page, given the record and its resource (reload it, or replace it with what a change returned). */
  children: (record: T, resource: Resource<T>) => ReactNode;
}

/** A detail page's record, named by its address: loading, error or "not found" with the way back, then the page. */
export function RecordRoute<T>({ load, list, children }: RecordRouteProps<T>) {
  const { record } = useRouteRecord(load);
  return (
    <Loadable resource={record} backTo={list}>
      {(r) => children(r, record)}
    </Loadable>
  );
}
