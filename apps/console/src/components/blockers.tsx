import { ApiError } from "../api/api-error.js";

const LABELS: Record<string, string> = { roles: "Roles", tools: "Tools", scopes: "Scopes", clients: "Clients", users: "Users" };

/** A 409's `details` (what still uses the record) as lists people can act on. */
export function Blockers({ details }: { details: Record<string, unknown> }) {
  const lists = Object.entries(details).filter((entry): entry is [string, string[]] => Array.isArray(entry[1]) && entry[1].length > 0);
  if (!lists.length) return null;
  return (
    <dl className="blockers">
      {lists.map(([key, items]) => (
        <div key={key}>
          <dt>{LABELS[key] ?? key}</dt>
          <dd>
            {items.map((item) => (
              <code key={String(item)} className="chip">
                {String(item)}
              </code>
            ))}
          </dd>
        </div>
      ))}
    </dl>
  );
}

/** A sentence for an action's error code, in front of the server's own message. */
export function explain(error: ApiError): string {
  switch (error.code) {
    case "resource.in_use":
      return "This is still in use, so it was not changed.";
    case "resource.version_mismatch":
      return "Someone changed this since you opened it. Reload to see their change, then apply yours again.";
    case "resource.built_in":
      return "This is built into Toolgate and cannot be changed this way.";
    case "resource.conflict":
      return "This conflicts with something that already exists.";
    case "resource.not_found":
      return "It no longer exists; it may have been deleted.";
    case "network.unreachable":
      return "Toolgate could not be reached. Nothing was changed; try again.";
    case "auth.forbidden":
      return "You are not allowed to do this.";
    case "validation.failed":
      return "Some values are not valid.";
    default:
      return error.status >= 500 ? "The server had a problem. Try again in a moment." : "The server refused the change.";
  }
}
