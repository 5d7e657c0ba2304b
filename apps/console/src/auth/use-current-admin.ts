import { useEffect, useState } from "react";
import { meApi } from "../api/me-api.js";

/**
 * Who is signed in, for the sidebar, as the admin API sees the token (`GET /me`): a person's
 * name or email, or — for an automation client holding toolgate:admin — its client id.
 */
export function useCurrentAdmin(): { id: string; label: string } | undefined {
  const [admin, setAdmin] = useState<{ id: string; label: string }>();
  useEffect(() => {
    const controller = new AbortController();
    meApi.get(controller.signal).then(
      (me) => setAdmin({ id: me.subject, label: me.user ? me.user.name || me.user.email : me.clientId }),
      // The header falls back to "Signed in"; the page itself shows any API problem.
      () => undefined,
    );
    return () => controller.abort();
  }, []);
  return admin;
}
