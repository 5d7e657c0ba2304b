import { createHash, randomBytes } from "node:crypto";
import { expect } from "vitest";
import { CookieJar } from "./cookie-jar.js";

export function pkce() {
  const verifier = randomBytes(32).toString("base64url");
  const challenge = createHash("sha256").update(verifier).digest("base64url");
  return { verifier, challenge };
}

export function basicAuth(clientId: string, secret: string): string {
  return `Basic ${Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(secret)}`).toString("base64")}`;
}

export function form(values: Record<string, string | undefined>): URLSearchParams {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(values)) if (v !== undefined) params.set(k, v);
  return params;
}

export function csrfFrom(html: string): string {
  const match = /name="csrf" value="([^"]+)"/.exec(html);
  if (!match) throw new Error(`no CSRF token on page:\n${html.slice(0, 500)}`);
  return match[1]!;
}

export function absolute(base: string, location: string | null): string {
  if (!location) throw new Error("expected a Location header");
  return new URL(location, base).toString();
}

export interface AuthorizeOptions {
  clientId: string;
  redirectUri: string;
  scope?: string;
  resource?: string;
  user?: { email: string; password: string };
  /** What to do on the consent page if it is shown. */
  consent?: "approve" | "deny";
  jar?: CookieJar;
  extra?: Record<string, string>;
  /** Sign in through an upstream identity provider (another server) instead of with a password. */
  federate?: { slug: string; upstream: string; user: { email: string; password: string } };
}

export interface AuthorizeResult {
  /** Where the flow ended: the client's redirect URI with code or error. */
  callback: URL;
  verifier: string;
  jar: CookieJar;
  consentShown: boolean;
  /** The consent page's HTML, when it was shown. */
  consentPage?: string;
}

/**
 * Drives a browser through /auth → sign-in page → consent page → redirect URI, the way a user
 * would (posting the forms with their CSRF tokens). Test-only: production has no shortcut.
 */
export async function authorize(base: string, options: AuthorizeOptions): Promise<AuthorizeResult> {
  const jar = options.jar ?? new CookieJar();
  const { verifier, challenge } = pkce();
  const url = new URL(`${base}/auth`);
  const params = {
    client_id: options.clientId,
    redirect_uri: options.redirectUri,
    response_type: "code",
    code_challenge: challenge,
    code_challenge_method: "S256",
    state: randomBytes(8).toString("hex"),
    ...(options.scope !== undefined ? { scope: options.scope } : {}),
    ...(options.resource !== undefined ? { resource: options.resource } : {}),
    ...options.extra,
  };
  for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);

  let res = await jar.fetch(url.toString());
  let consentShown = false;
  let consentPage: string | undefined;
  const origins = new Set([new URL(base).origin, ...(options.federate ? [new URL(options.federate.upstream).origin] : [])]);
  let from = base;
  for (let hops = 0; hops < 24; hops++) {
    if (res.status !== 303 && res.status !== 302) {
      throw new Error(`unexpected ${res.status} during authorization: ${(await res.text()).slice(0, 400)}`);
    }
    const next = absolute(from, res.headers.get("location"));
    const target = new URL(next);
    const redirect = new URL(options.redirectUri);
    const atRedirectUri = target.origin + target.pathname === redirect.origin + redirect.pathname;
    if (!origins.has(target.origin) || atRedirectUri) return { callback: target, verifier, jar, consentShown, consentPage };
    from = next;
    res = await jar.fetch(next);
    if (res.status === 200 && target.pathname.startsWith("/interaction/")) {
      const html = await res.text();
      const csrf = csrfFrom(html);
      const upstream = options.federate && target.origin === new URL(options.federate.upstream).origin;
      if (html.includes("/login\"")) {
        if (options.federate && !upstream) {
          res = await jar.fetch(`${next}/federated/${options.federate.slug}`, { method: "POST", body: form({ csrf }) });
          continue;
        }
        const user = upstream ? options.federate!.user : options.user;
        if (!user) throw new Error("sign-in page shown but no user given");
        res = await jar.fetch(`${next}/login`, {
          method: "POST",
          body: form({ email: user.email, password: user.password, csrf }),
        });
      } else {
        if (!upstream) {
          consentShown = true;
          consentPage = html;
        }
        const action = options.consent === "deny" && !upstream ? "deny" : "confirm";
        res = await jar.fetch(`${next}/${action}`, { method: "POST", body: form({ csrf }) });
      }
    }
  }
  throw new Error("too many redirects");
}

/** RFC 7662 introspection of `token`, authenticated with `auth` (a Basic header); the JSON answer. */
export async function introspect(base: string, token: string, auth: string): Promise<Record<string, unknown>> {
  const res = await fetch(`${base}/token/introspection`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", authorization: auth },
    body: new URLSearchParams({ token }),
  });
  if (res.status !== 200) throw new Error(`introspection answered ${res.status}: ${await res.text()}`);
  return (await res.json()) as Record<string, unknown>;
}

export async function tokenRequest(base: string, body: Record<string, string | undefined>, auth?: string) {
  const res = await fetch(`${base}/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", ...(auth ? { authorization: auth } : {}) },
    body: form(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown>, headers: res.headers };
}

export function expectOAuthError(result: { status: number; body: Record<string, unknown> }, error: string, status = 400) {
  expect(result.body.error, JSON.stringify(result.body)).toBe(error);
  expect(result.status).toBe(status);
}

export function decodeJwt(token: string): { header: Record<string, unknown>; payload: Record<string, unknown> } {
  const [h, p] = token.split(".");
  return {
    header: JSON.parse(Buffer.from(h!, "base64url").toString()),
    payload: JSON.parse(Buffer.from(p!, "base64url").toString()),
  };
}

/** Response JSON for assertions (tests check shapes with expect, not with types). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- test assertions inspect arbitrary JSON
export async function json(res: Response): Promise<any> {
  return res.json();
}

/**
 * Starts an authorization request and follows it to the first interaction page (sign-in or
 * consent), without submitting anything: for tests of the pages themselves.
 */
export async function beginAuthorization(base: string, options: Omit<AuthorizeOptions, "user" | "consent">) {
  const jar = options.jar ?? new CookieJar();
  const { verifier, challenge } = pkce();
  const url = new URL(`${base}/auth`);
  const params: Record<string, string> = {
    client_id: options.clientId, redirect_uri: options.redirectUri, response_type: "code",
    code_challenge: challenge, code_challenge_method: "S256", state: randomBytes(8).toString("hex"),
    ...(options.scope !== undefined ? { scope: options.scope } : {}),
    ...(options.resource !== undefined ? { resource: options.resource } : {}),
    ...options.extra,
  };
  for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
  let res = await jar.fetch(url.toString());
  let pageUrl = url.toString();
  for (let hops = 0; hops < 5 && (res.status === 303 || res.status === 302); hops++) {
    pageUrl = absolute(base, res.headers.get("location"));
    res = await jar.fetch(pageUrl);
  }
  const html = await res.text();
  return { jar, pageUrl, status: res.status, html, verifier, state: params.state! };
}
