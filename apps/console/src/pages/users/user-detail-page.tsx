import { useReducer, useState } from "react";
import { Link } from "react-router";
import { usersApi } from "../../api/users-api.js";
import type { User } from "../../api/types.js";
import { ActionError } from "../../components/action-error.js";
import { Badge, StatusBadge } from "../../components/badge.js";
import { ConfirmDialog } from "../../components/confirm-dialog.js";
import { PageHeader } from "../../components/page-header.js";
import { useToast } from "../../components/toasts.js";
import { formatDateTime, relativeTime } from "../../format/time.js";
import { useAction } from "../../hooks/use-action.js";
import { BoundRoles } from "../shared/bound-roles.js";
import { DeleteRecordDialog } from "../shared/delete-record-dialog.js";
import { RecordActivity } from "../shared/record-activity.js";
import { ConsentsSection } from "../consents/consents-section.js";
import { DelegationsSection } from "../delegation/delegations-section.js";
import { RecordRoute } from "../shared/record-route.js";

export function UserDetailPage() {
  return (
    <RecordRoute load={usersApi.get} list={{ href: "/users", label: "All users" }}>
      {(u, user) => <UserView user={u} reload={user.reload} replace={user.set} />}
    </RecordRoute>
  );
}

function UserView({ user, reload, replace }: { user: User; reload: () => void; replace: (u: User) => void }) {
  const notify = useToast();
  const [confirm, setConfirm] = useState<"disable" | "delete" | undefined>();
  // A consent revoked on this page is in its activity (consent.revoked names the user and the client).
  const [revoked, countRevoked] = useReducer((n: number) => n + 1, 0);
  const action = useAction();

  const patch = async (body: Parameters<typeof usersApi.update>[1], message: string) => {
    replace(await usersApi.update(user.id, body));
    notify(message);
  };
  const patchNow = (body: Parameters<typeof usersApi.update>[1], message: string) => void action.run(() => patch(body, message));

  return (
    <>
      <PageHeader
        title={user.email}
        back={{ to: "/users", label: "Users" }}
        badges={
          <>
            <StatusBadge status={user.status} />
            {user.locked && <Badge tone="amber">locked</Badge>}
          </>
        }
        description={user.name || undefined}
        actions={
          <>
            {user.locked && (
              <button type="button" className="btn" onClick={() => patchNow({ unlock: true, version: user.version }, "Sign-in unlocked")}>
                Unlock sign-in
              </button>
            )}
            {user.status === "disabled" ? (
              <button type="button" className="btn" onClick={() => patchNow({ status: "active", version: user.version }, "User enabled")}>
                Enable
              </button>
            ) : (
              <button type="button" className="btn btn-danger-outline" onClick={() => setConfirm("disable")}>
                Disable
              </button>
            )}
            <Link className="btn" to={`/users/${user.id}/edit`}>
              Edit
            </Link>
            <button type="button" className="btn btn-danger-outline" onClick={() => setConfirm("delete")}>
              Delete
            </button>
          </>
        }
      />
      <ActionError error={action.error} onReload={reload} />
      <dl className="summary card">
        <div>
          <dt>Username</dt>
          <dd>{user.username ?? <span className="muted">none</span>}</dd>
        </div>
        <div>
          <dt>Password</dt>
          <dd>{user.hasPassword ? "set" : <span className="muted">none (identity provider only)</span>}</dd>
        </div>
        <div>
          <dt>Last sign-in</dt>
          <dd title={formatDateTime(user.lastLoginAt)}>{relativeTime(user.lastLoginAt)}</dd>
        </div>
        <div>
          <dt>Created</dt>
          <dd>{formatDateTime(user.createdAt)}</dd>
        </div>
        <div className="summary-wide">
          <dt>Linked identities</dt>
          <dd>
            {user.identities.length === 0 ? (
              <span className="muted">none</span>
            ) : (
              <ul className="plain-list">
                {user.identities.map((i) => (
                  <li key={`${i.providerId}:${i.subject}`}>
                    {i.providerName} <span className="muted mono small">{i.subject}</span>
                  </li>
                ))}
              </ul>
            )}
          </dd>
        </div>
      </dl>
      <div className="detail-grid">
        <BoundRoles
          owner={user}
          api={usersApi}
          onChanged={replace}
          description="What this user may let clients do for them. toolgate-admin opens this console."
          empty="No roles: clients acting for this user get no scope."
        />
      </div>
      <DelegationsSection of={{ userId: user.id, label: user.email }} />
      <ConsentsSection
        filter={{ userId: user.id }}
        onRevoked={countRevoked}
        description="Clients this user allowed to act for them, per MCP server. Revoking one revokes that client's grant and tokens for this user."
        empty="This user has not allowed any client yet."
      />
      <RecordActivity own={{ subject: user.id }} target={user.id} version={`${user.version}.${revoked}`} />
      <ConfirmDialog
        open={confirm === "disable"}
        title={`Disable ${user.email}?`}
        confirmLabel="Disable user"
        danger
        onClose={() => setConfirm(undefined)}
        onConfirm={() => patch({ status: "disabled", version: user.version }, "User disabled and their access revoked")}
      >
        <p>They can no longer sign in, and every grant and token issued for them is revoked.</p>
      </ConfirmDialog>
      <DeleteRecordDialog open={confirm === "delete"} name={user.email} confirmLabel="Delete user" remove={() => usersApi.remove(user.id)} listHref="/users" onClose={() => setConfirm(undefined)}>
        <p>The account is deleted and every grant and token issued for it is revoked. Toolgate refuses to delete the last active administrator.</p>
      </DeleteRecordDialog>
    </>
  );
}
