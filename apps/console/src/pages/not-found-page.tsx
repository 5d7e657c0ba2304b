import { Link } from "react-router";
import { EmptyState } from "../components/empty-state.js";
import { PageHeader } from "../components/page-header.js";

export function NotFoundPage() {
  return (
    <>
      <PageHeader title="Page not found" />
      <EmptyState title="There is nothing at this address" action={<Link className="btn btn-primary" to="/">Go to the overview</Link>} />
    </>
  );
}
