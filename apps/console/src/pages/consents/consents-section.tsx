import { useState } from "react";
import { Link } from "react-router";
import { consentsApi } from "../../api/consents-api.js";
import { queryString } from "../../api/routes.js";
import { Loadable } from "../../components/loadable.js";
import { Pagination } from "../../components/pagination.js";
import { useResource } from "../../hooks/use-resource.js";
import { ConsentsTable } from "./consents-table.js";

const PAGE_SIZE = 10;

/** A user's or a client's consents, on its detail page. */
export function ConsentsSection({ filter, description, empty }: { filter: { userId: string } | { clientId: string }; description: string; empty: string }) {
  const [page, setPage] = useState(1);
  const consents = useResource((signal) => consentsApi.list({ ...filter, page, pageSize: PAGE_SIZE }, signal), [filter, page]);
  const hide = "userId" in filter ? "user" : "client";
  return (
    <section className="card section-card" aria-labelledby="consents-heading">
      <div className="panel-header">
        <h2 id="consents-heading">Consents</h2>
        <Link className="btn btn-small btn-ghost" to={`/consents${queryString(filter)}`}>
          Open in Consents
        </Link>
      </div>
      <p className="muted small">{description}</p>
      <Loadable resource={consents}>
        {(p) =>
          p.items.length === 0 ? (
            <p className="muted">{empty}</p>
          ) : (
            <>
              <ConsentsTable items={p.items} hide={hide} onRevoked={consents.reload} />
              <Pagination page={p.page} pageSize={p.pageSize} total={p.total} onPage={setPage} />
            </>
          )
        }
      </Loadable>
    </section>
  );
}
