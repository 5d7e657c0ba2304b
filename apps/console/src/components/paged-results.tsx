import type { ReactNode } from "react";
import type { Page } from "../api/types.js";
import type { Resource } from "../hooks/use-resource.js";
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
          empty
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
