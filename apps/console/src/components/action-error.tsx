import { ApiError } from "../api/api-error.js";
import { Blockers, explain } from "./blockers.js";

/** An error from a change (form, delete, role binding), explained, with what blocks it. */
export function ActionError({ error, onReload }: { error: ApiError | undefined; onReload?: () => void }) {
  if (!error) return null;
  const lead = explain(error);
  return (
    <div className="alert alert-error" role="alert">
      <p className="alert-title">{lead}</p>
      {error.message && error.message !== lead && <p>{error.message}</p>}
      <Blockers details={error.details} />
      {error.code === "resource.version_mismatch" && onReload && (
        <button type="button" className="btn btn-small" onClick={onReload}>
          Reload
        </button>
      )}
    </div>
  );
}
