import type { AppPaths } from "../app/app-location.js";
import { randomToken, s256Challenge } from "./pkce.js";
import { savePendingSignIn, takePendingSignIn } from "./pending-sign-in.js";
import { safeReturnPath } from "./return-path.js";
import { serverMetadata } from "./server-metadata.js";
import { OAuthError, tokenSetFrom, type TokenSet } from "./token-set.js";

/**
 * The console as a public OAuth client of its own server (OAuth 2.1 authorization code + PKCE,
 * RFC 8707 resource indicator for the admin API). No client secret: the console is code that runs
 * in the admin's browser.
 */
export function createOAuthClient(paths: AppPaths, clientId: string) {
  const resource = paths.api;

  async function tokenRequest(params: Record<string, string>): Promise<TokenSet> {
    const { token_endpoint } = await serverMetadata(paths.issuer);
    const res = await fetch(token_endpoint, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
      body: new URLSearchParams({ ...params, client_id: clientId }),
      credentials: "omit",
    });
    const body = (await res.json().catch(() => ({}))) as Record<string, unknown>;
    if (!res.ok) throw new OAuthError(String(body.error ?? `http_${res.status}`), typeof body.error_description === "string" ? body.error_description : undefined);
    return tokenSetFrom(body, Date.now());
  }

  return {
    /**
     * Sends the browser to the authorization endpoint. With a live sign-in session the server
     * answers at once (the console is first-party: no consent page) — that is how a reload signs
     * the admin back in without a prompt; otherwise Toolgate's sign-in page is shown.
     */
    async startSignIn(returnTo: string): Promise<void> {
      const { authorization_endpoint } = await serverMetadata(paths.issuer);
      const state = randomToken(16);
      const verifier = randomToken();
      savePendingSignIn(sessionStorage, { state, verifier, returnTo: safeReturnPath(returnTo, paths.basename), createdAt: Date.now() });
      const url = new URL(authorization_endpoint);
      url.search = new URLSearchParams({
        response_type: "code",
        client_id: clientId,
        redirect_uri: paths.redirectUri,
        resource,
        state,
        code_challenge: await s256Challenge(verifier),
        code_challenge_method: "S256",
      }).toString();
      window.location.assign(url.toString());
    },

    /** Handles the redirect back: checks state, exchanges the code. Returns the tokens and where to go. */
    async completeSignIn(callbackUrl: URL): Promise<{ tokens: TokenSet; returnTo: string }> {
      const params = callbackUrl.searchParams;
      const state = params.get("state") ?? "";
      const pending = takePendingSignIn(sessionStorage, state);
      const error = params.get("error");
      if (error) throw new OAuthError(error, params.get("error_description") ?? undefined);
      if (!pending) throw new OAuthError("invalid_state", "this sign-in response does not match a sign-in started in this tab");
      const code = params.get("code");
      if (!code) throw new OAuthError("invalid_response", "the sign-in response carries no code");
      const tokens = await tokenRequest({ grant_type: "authorization_code", code, code_verifier: pending.verifier, redirect_uri: paths.redirectUri });
      return { tokens, returnTo: pending.returnTo };
    },

    refresh(refreshToken: string): Promise<TokenSet> {
      return tokenRequest({ grant_type: "refresh_token", refresh_token: refreshToken });
    },

    /** Revokes the refresh token (best effort), then ends the server's sign-in session. */
    async signOut(refreshToken: string | undefined): Promise<void> {
      const meta = await serverMetadata(paths.issuer);
      if (refreshToken && meta.revocation_endpoint) {
        await fetch(meta.revocation_endpoint, {
          method: "POST",
          headers: { "content-type": "application/x-www-form-urlencoded" },
          body: new URLSearchParams({ token: refreshToken, token_type_hint: "refresh_token", client_id: clientId }),
          credentials: "omit",
        }).catch(() => undefined);
      }
      const url = new URL(meta.end_session_endpoint ?? `${paths.issuer}/session/end`);
      url.search = new URLSearchParams({ client_id: clientId, post_logout_redirect_uri: paths.postLogoutRedirectUri }).toString();
      window.location.assign(url.toString());
    },
  };
}

export type OAuthClient = ReturnType<typeof createOAuthClient>;
