import { Link } from "react-router";
import { ApiError } from "../api/api-error.js";
import { PageLoadError } from "../app/page-load-error.js";

/** What went wrong loading a page, in words, with a way forward — never a blank page. */
export function ErrorState({ error, onRetry, backTo }: { error: unknown; onRetry?: () => void; backTo?: { href: string; label: string } }) {
  const e = error instanceof ApiError ? error : undefined;
  const { title, text } = describe(e, error);
  return (
    <div className="state error-state" role="alert">
      <svg className="state-icon" viewBox="0 0 24 24" aria-hidden="true">
        <circle cx="12" cy="12" r="9" fill="none" stroke="currentColor" strokeWidth="1.5" />
        <path d="M12 7v6M12 16.5v.5" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" />
      </svg>
      <h2>{title}</h2>
      <p className="muted">{text}</p>
      <div className="state-action">
        {onRetry && e?.status !== 404 && e?.status !== 403 && (
          <button type="button" className="btn btn-primary" onClick={onRetry}>
            Retry
          </button>
        )}
        {backTo && (
          <Link className="btn" to={backTo.href}>
            {backTo.label}
          </Link>
        )}
      </div>
    </div>
  );
}

function describe(e: ApiError | undefined, raw: unknown): { title: string; text: string } {
  if (raw instanceof PageLoadError) return { title: "Can't reach Toolgate", text: "The page's code did not arrive. Check your connection, then retry; if Toolgate was just updated, reload the console." };
  if (!e) return { title: "Something went wrong", text: raw instanceof Error ? raw.message : "An unexpected error occurred." };
  if (e.isNetwork) return { title: "Can't reach Toolgate", text: "The server did not answer. Check your connection, then retry." };
  if (e.status === 404) return { title: "Not found", text: "It may have been deleted, or the address is wrong." };
  if (e.status === 403) return { title: "Not allowed", text: e.message };
  if (e.status >= 500) return { title: "The server had a problem", text: `${e.message} Retry in a moment; if it persists, check the server's logs.` };
  return { title: "This could not be loaded", text: e.message };
}
