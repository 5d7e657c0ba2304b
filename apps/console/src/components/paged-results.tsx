import type { ReactNode } from "react";
import type { Page } from "../api/types.js";
import type { Resource } from "../hooks/use-resource.js";
import { EmptyState } from "./empty-state.js";
import { Loadable } from "./loadable.js";
import { Pagination } from "./pagination.js";

interface PagedResultsProps<T> {
  resource: Resource<Page<T>>;
  /** What an empty page says (no match for the filters, or nothing yet). */
  empty: ReactNode;
  onPage: (page: number) => void;
  /** The page's items (a table). */
  children: (items: T[]) => ReactNode;
}

/** One page of a list: loading and error states, an empty state, the items and the page buttons. */
export function PagedResults<T>({ resource, empty, onPage, children }: PagedResultsProps<T>) {
  return (
    <Loadable resource={resource}>
      {(p) =>
        p.items.length === 0 ? (
          p.total > 0 ? (
            <PastTheEnd page={p.page} pages={Math.ceil(p.total / p.pageSize)} total={p.total} onPage={onPage} />
          ) : (
            empty
          )
        ) : (
          <>
            {children(p.items)}
            <Pagination page={p.page} pageSize={p.pageSize} total={p.total} onPage={onPage} />
          </>
        )
      }
    </Loadable>
  );
}

/**
 * A page number beyond the last (a stale link, a reload after the list shrank): the list is not
 * empty, so say so and offer its last page rather than "nothing yet".
 */
function PastTheEnd({ page, pages, total, onPage }: { page: number; pages: number; total: number; onPage: (page: number) => void }) {
  return (
    <EmptyState
      title={`Page ${page} is past the end`}
      action={
        <button type="button" className="btn btn-primary" onClick={() => onPage(pages)}>
          Go to page {pages}
        </button>
      }
    >
      There {total === 1 ? "is 1 entry" : `are ${total} entries`} on {pages === 1 ? "1 page" : `${pages} pages`}.
    </EmptyState>
  );
}
