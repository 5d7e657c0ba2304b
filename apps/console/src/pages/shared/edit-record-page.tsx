import { Fragment, type ReactNode } from "react";
import { Loadable } from "../../components/loadable.js";
import { PageHeader } from "../../components/page-header.js";
import { useRouteRecord } from "../../hooks/use-route-record.js";

interface EditRecordPageProps<T> {
  load: (id: string, signal: AbortSignal) => Promise<T>;
  /** What it is, in lower case after "Edit" ("role", "MCP server"). */
  noun: string;
  /** How the heading names a loaded record. */
  name: (record: T) => string;
  /** Its detail page. */
  detailHref: (id: string) => string;
  /** Where a missing record sends the admin ("All roles"). */
  list: { href: string; label: string };
  /** The form, given the record and a way to reload it (after someone else changed it). */
  children: (record: T, reload: () => void) => ReactNode;
}

/** "Edit …": the record named in the address, its form started afresh whenever its version changes. */
export function EditRecordPage<T extends { version: number }>({ load, noun, name, detailHref, list, children }: EditRecordPageProps<T>) {
  const { id, record } = useRouteRecord(load);
  const named = record.data ? name(record.data) : undefined;
  return (
    <>
      <PageHeader title={named ? `Edit ${named}` : `Edit ${noun}`} back={{ to: detailHref(id), label: named ?? noun.charAt(0).toUpperCase() + noun.slice(1) }} />
      <Loadable resource={record} backTo={list}>
        {(r) => <Fragment key={r.version}>{children(r, record.reload)}</Fragment>}
      </Loadable>
    </>
  );
}
