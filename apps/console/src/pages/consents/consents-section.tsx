import { useState } from "react";
import { Link } from "react-router";
import { consentsApi } from "../../api/consents-api.js";
import { queryString } from "../../api/routes.js";
import { PagedResults } from "../../components/paged-results.js";
import { useResource } from "../../hooks/use-resource.js";
import { ConsentsTable } from "./consents-table.js";

const PAGE_SIZE = 10;

/** A user's or a client's consents, on its detail page. */
interface ConsentsSectionProps {
  filter: { userId: string } | { clientId: string };
  description: string;
  empty: string;
  /** After a consent was revoked here (the record's activity shows it). */
  onRevoked?: () => void;
}

export function ConsentsSection({ filter, description, empty, onRevoked }: ConsentsSectionProps) {
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
      <PagedResults resource={consents} onPage={setPage} empty={<p className="muted">{empty}</p>}>
        {(items) => <ConsentsTable
            items={items}
            hide={hide}
            onRevoked={() => {
              consents.reload();
              onRevoked?.();
            }}
          />}
      </PagedResults>
    </section>
  );
}
