import { useEffect, useState } from "react";
import { usersApi } from "../api/users-api.js";
import { tokens } from "./auth-session.js";
import { unverifiedClaims } from "./jwt-claims.js";

/** Who is signed in, for the header: the token's subject, looked up as a user. */
export function useCurrentAdmin(): { id: string; label: string } | undefined {
  const [admin, setAdmin] = useState<{ id: string; label: string }>();
  useEffect(() => {
    const controller = new AbortController();
    void (async () => {
      const sub = unverifiedClaims(await tokens.accessToken()).sub;
      if (typeof sub !== "string") return;
      setAdmin({ id: sub, label: "Administrator" });
      const user = await usersApi.get(sub, controller.signal);
      setAdmin({ id: sub, label: user.name || user.email });
    })().catch(() => undefined);
    return () => controller.abort();
  }, []);
  return admin;
}
