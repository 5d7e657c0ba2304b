import { randomBytes } from "node:crypto";
import type { Server } from "node:http";
import type { OAuthClientProvider } from "@modelcontextprotocol/sdk/client/auth.js";
import type { OAuthClientInformationMixed, OAuthClientMetadata, OAuthTokens } from "@modelcontextprotocol/sdk/shared/auth.js";
import type { FetchLike } from "@modelcontextprotocol/sdk/shared/transport.js";
import { CookieJar } from "../../../../apps/server/test/helpers/cookie-jar.js";
import { absolute, form } from "../../../../apps/server/test/helpers/oauth.js";
import { freePort } from "../../../../apps/server/test/helpers/free-port.js";
import { addressOf, listen } from "./research-mcp.js";

/**
 * What a headless host application of the official MCP TypeScript SDK client needs: an
 * `OAuthClientProvider` that keeps everything in memory, a loopback listener for the redirect, and
 * a "browser" that signs in and consents on Toolgate's pages. Nothing here shortcuts the protocol:
 * every step is the SDK's own `auth()` talking HTTP to Toolgate and the MCP server.
 */

export interface SignInUser {
  email: string;
  password: string;
}

/** One HTTP exchange the client made (MCP endpoint, metadata, registration, token). */
export interface Exchange {
  method: string;
  url: URL;
  status: number;
  wwwAuthenticate: string | null;
  /** Form parameters of a token request (grant_type, scope, resource…). */
  form?: URLSearchParams;
  /** JSON request body (an MCP request, a registration request). */
  json?: Record<string, unknown>;
  /** JSON-RPC method of an MCP request. */
  rpc?: string;
  /** Response body of a refused request. */
  errorBody?: string;
}

/** The transport's `fetch`: real fetch, every exchange recorded in `log` for assertions. */
export function recordingFetch(log: Exchange[]): FetchLike {
  return async (input, init) => {
    const url = new URL(String(input));
    const body = init?.body;
    const res = await fetch(input, init);
    let json: Record<string, unknown> | undefined;
    if (typeof body === "string" && body.startsWith("{")) {
      try {
        json = JSON.parse(body) as Record<string, unknown>;
      } catch {
        json = undefined;
      }
    }
    const rpc = typeof json?.method === "string" && json.jsonrpc === "2.0" ? json.method : undefined;
    log.push({
      method: init?.method ?? "GET",
      url,
      status: res.status,
      wwwAuthenticate: res.headers.get("www-authenticate"),
      ...(body instanceof URLSearchParams ? { form: new URLSearchParams(body) } : {}),
      ...(json ? { json } : {}),
      ...(rpc ? { rpc } : {}),
      ...(!res.ok ? { errorBody: await res.clone().text() } : {}),
    });
    return res;
  };
}

/**
 * A loopback redirect listener (RFC 8252 §7.3), like a CLI's: it receives the authorization
 * response on /callback and keeps the URL.
 */
export async function startLoopback(): Promise<{ redirectUrl: string; received: URL[]; server: Server }> {
  const received: URL[] = [];
  const server = await listen(await freePort(), (req, res) => {
    const url = new URL(req.url ?? "/", addressOf(server));
    if (url.pathname !== "/callback") return void res.writeHead(404).end();
    received.push(url);
    res.writeHead(200, { "content-type": "text/plain" }).end("Signed in. You can close this window.");
  });
  return { redirectUrl: `${addressOf(server)}/callback`, received, server };
}

export interface PageVisit {
  /** "ungrantable": the "This access can't be granted" page of a step-up that cannot succeed. */
  kind: "login" | "consent" | "ungrantable";
  html: string;
}

function formAction(html: string, pick: (inner: string) => boolean): string {
  for (const m of html.matchAll(/<form method="post" action="([^"]+)"[^>]*>([\s\S]*?)<\/form>/g)) {
    if (pick(m[2]!)) return m[1]!.replaceAll("&amp;", "&");
  }
  throw new Error(`no matching form on page:\n${html.slice(0, 600)}`);
}

const csrfOf = (html: string) => /name="csrf" value="([^"]+)"/.exec(html)?.[1] ?? "";

/** The hidden inputs of the form containing `marker`, as the browser would submit them. */
function hiddenInputsOf(html: string, marker: string): Record<string, string> {
  const inner = [...html.matchAll(/<form method="post"[^>]*>([\s\S]*?)<\/form>/g)].find((m) => m[1]!.includes(marker))?.[1] ?? "";
  return Object.fromEntries([...inner.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map((m) => [m[1]!, m[2]!]));
}

export interface BrowserOutcome {
  pages: PageVisit[];
  /** Where the browser was sent back to the client (the redirect URI with code or error). */
  redirectedTo?: URL;
  /** The loopback listener's answer to that. */
  delivered?: number;
  /** An error page Toolgate showed instead (status and HTML): the user is stuck there. */
  errorPage?: { status: number; html: string };
}

/**
 * A user in a browser: opens the authorization URL the SDK built, signs in if asked, approves the
 * consent page (posting the forms as they are, CSRF token included), and follows the redirect
 * back to the client's loopback listener.
 */
export async function signInAndConsent(authorizationUrl: URL, options: {
  user: SignInUser;
  jar: CookieJar;
  consent?: "approve" | "deny";
  /** On "This access can't be granted": "Back to the application" (the default) or "Continue with the access it has". */
  ungrantable?: "back" | "continue";
  /**
   * Delivers the redirect back to the client and answers its status; by default the browser
   * requests it (a loopback listener). A hosted client's https redirect is handed to the test here.
   */
  deliver?: (url: URL) => Promise<number>;
}): Promise<BrowserOutcome> {
  const { jar, user } = options;
  const issuerOrigin = authorizationUrl.origin;
  const pages: PageVisit[] = [];
  let url = authorizationUrl.toString();
  let res = await jar.fetch(url);
  for (let hops = 0; hops < 20; hops++) {
    if (res.status === 302 || res.status === 303) {
      url = absolute(url, res.headers.get("location"));
      if (new URL(url).origin !== issuerOrigin) {
        // Back to the client: the browser delivers the response to the loopback listener.
        const delivered = options.deliver ? await options.deliver(new URL(url)) : await fetch(url).then(async (r) => (await r.text(), r.status));
        return { redirectedTo: new URL(url), delivered, pages };
      }
      res = await jar.fetch(url);
      continue;
    }
    const html = await res.text();
    if (res.status !== 200) return { pages, errorPage: { status: res.status, html } };
    if (html.includes('id="page-title">Sign in<')) {
      pages.push({ kind: "login", html });
      const action = absolute(url, formAction(html, (inner) => inner.includes('name="email"')));
      res = await jar.fetch(action, { method: "POST", body: form({ email: user.email, password: user.password, csrf: csrfOf(html) }) });
    } else if (html.includes('id="page-title">Allow access?<')) {
      pages.push({ kind: "consent", html });
      const approve = options.consent !== "deny";
      const action = absolute(url, formAction(html, (inner) => inner.includes(approve ? 'class="primary"' : 'class="secondary"')));
      res = await jar.fetch(action, { method: "POST", body: form({ csrf: csrfOf(html) }) });
    } else if (html.includes('id="page-title">This access can&#39;t be granted<')) {
      // A step-up that can never succeed: the user goes "Back to the application" (the primary
      // button) or continues with the access the application has (the approve form).
      pages.push({ kind: "ungrantable", html });
      const marker = options.ungrantable === "continue" ? 'class="secondary"' : 'name="outcome" value="ungrantable"';
      const action = absolute(url, formAction(html, (inner) => inner.includes(marker)));
      res = await jar.fetch(action, { method: "POST", body: form(hiddenInputsOf(html, marker)) });
    } else {
      throw new Error(`unexpected page at ${new URL(url).pathname}:\n${html.slice(0, 600)}`);
    }
  }
  throw new Error("too many redirects");
}

/**
 * `OAuthClientProvider` of a headless host: client information, tokens, PKCE verifier and state
 * in memory, stored exactly as `auth()` hands them over (it stamps them with the issuer).
 * `redirectToAuthorization` hands the URL to `onAuthorization` (the test's "browser").
 */
export class MemoryOAuthProvider implements OAuthClientProvider {
  readonly clientMetadataUrl?: string;
  /** Every authorization URL the SDK built, in order. */
  readonly authorizationUrls: URL[] = [];
  /** Every token set the SDK saved, in order. */
  readonly savedTokens: OAuthTokens[] = [];
  /** Every `invalidateCredentials` scope the SDK asked for, in order. */
  readonly invalidated: string[] = [];
  #client: OAuthClientInformationMixed | undefined;
  #tokens: OAuthTokens | undefined;
  #verifier: string | undefined;
  #state: string | undefined;

  constructor(
    private readonly options: {
      redirectUrl: string;
      metadata: OAuthClientMetadata;
      clientMetadataUrl?: string;
      /** A client id an admin created (pre-registration): used as is, never forgotten, never re-registered. */
      preRegisteredClientId?: string;
      onAuthorization: (url: URL) => Promise<void>;
    },
  ) {
    if (options.clientMetadataUrl) this.clientMetadataUrl = options.clientMetadataUrl;
  }

  get redirectUrl(): string {
    return this.options.redirectUrl;
  }

  get clientMetadata(): OAuthClientMetadata {
    return this.options.metadata;
  }

  /** The state of the last authorization request, for the host's callback check. */
  get lastState(): string | undefined {
    return this.#state;
  }

  state(): string {
    this.#state = randomBytes(16).toString("base64url");
    return this.#state;
  }

  clientInformation(): OAuthClientInformationMixed | undefined {
    const preRegistered = this.options.preRegisteredClientId;
    return this.#client ?? (preRegistered ? { client_id: preRegistered } : undefined);
  }

  saveClientInformation(info: OAuthClientInformationMixed): void {
    this.#client = info;
  }

  tokens(): OAuthTokens | undefined {
    return this.#tokens;
  }

  saveTokens(tokens: OAuthTokens): void {
    this.savedTokens.push(tokens);
    this.#tokens = tokens;
  }

  saveCodeVerifier(verifier: string): void {
    this.#verifier = verifier;
  }

  codeVerifier(): string {
    if (!this.#verifier) throw new Error("no code verifier saved");
    return this.#verifier;
  }

  async redirectToAuthorization(url: URL): Promise<void> {
    this.authorizationUrls.push(url);
    await this.options.onAuthorization(url);
  }

  invalidateCredentials(scope: "all" | "client" | "tokens" | "verifier" | "discovery"): void {
    this.invalidated.push(scope);
    if (scope === "all" || scope === "client") this.#client = undefined;
    if (scope === "all" || scope === "tokens") this.#tokens = undefined;
    if (scope === "all" || scope === "verifier") this.#verifier = undefined;
  }
}

export { CookieJar };
