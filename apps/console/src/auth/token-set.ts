/** Tokens the console holds — in memory only, never in any browser storage. */
export interface TokenSet {
  accessToken: string;
  /** Rotated by the server on every use: each one is sent once at most. */
  refreshToken: string | undefined;
  /** Epoch milliseconds. */
  expiresAt: number;
  scope: string;
}

/** Thrown when no usable token is left: the admin has to go through sign-in again. */
export class SignInRequired extends Error {
  override name = "SignInRequired";
}

/** An OAuth error response from the token endpoint (RFC 6749 §5.2). */
export class OAuthError extends Error {
  override name = "OAuthError";
  constructor(readonly error: string, readonly description: string | undefined) {
    super(description ? `${error}: ${description}` : error);
  }
}

export function tokenSetFrom(body: Record<string, unknown>, now: number): TokenSet {
  if (typeof body.access_token !== "string") throw new OAuthError("invalid_response", "the token endpoint returned no access token");
  const expiresIn = typeof body.expires_in === "number" ? body.expires_in : 300;
  return {
    accessToken: body.access_token,
    refreshToken: typeof body.refresh_token === "string" ? body.refresh_token : undefined,
    expiresAt: now + expiresIn * 1000,
    scope: typeof body.scope === "string" ? body.scope : "",
  };
}
