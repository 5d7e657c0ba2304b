import { Client as V1Client } from "@modelcontextprotocol/sdk/client/index.js";
import { UnauthorizedError as V1UnauthorizedError } from "@modelcontextprotocol/sdk/client/auth.js";
import { ClientCredentialsProvider as V1ClientCredentialsProvider, PrivateKeyJwtProvider as V1PrivateKeyJwtProvider } from "@modelcontextprotocol/sdk/client/auth-extensions.js";
import { StreamableHTTPClientTransport as V1Transport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import {
  Client as V2Client, ClientCredentialsProvider as V2ClientCredentialsProvider, PrivateKeyJwtProvider as V2PrivateKeyJwtProvider,
  StreamableHTTPClientTransport as V2Transport, UnauthorizedError as V2UnauthorizedError,
} from "@modelcontextprotocol/client";
import {
  CookieJar, MemoryOAuthProvider, recordingFetch, signInAndConsent,
  type BrowserOutcome, type Exchange, type SignInUser,
} from "../../packages/sdk/test/helpers/official-client.js";

/**
 * The official MCP TypeScript SDK clients, both lines, behind one small interface, so each flow is
 * written once and run with either: v1 (`@modelcontextprotocol/sdk` 1.32.x) and v2
 * (`@modelcontextprotocol/client` 2.4.x). Everything protocol-side is the SDK's own code; the test
 * plays only the host application (an in-memory OAuth provider, a loopback redirect listener, the
 * host's "finish the authorization and retry" step) and the user in a browser.
 */
export type SdkLine = "v1" | "v2";
export const SDK_LINES: SdkLine[] = ["v1", "v2"];

// The two lines' classes have the same shape where this harness touches them; their provider and
// fetch types differ only in v2's extra optional members, so they are handed over as `never`.
interface TransportLike {
  finishAuth(codeOrCallbackParams: never): Promise<void>;
  close(): Promise<void>;
}
interface ClientLike {
  connect(transport: never): Promise<void>;
  listTools(): Promise<{ tools: { name: string }[] }>;
  callTool(request: { name: string; arguments: Record<string, unknown> }): Promise<unknown>;
  close(): Promise<void>;
}

const LINES = {
  v1: {
    label: "@modelcontextprotocol/sdk 1.32.2",
    /** v1 takes the code (it reads no `iss`). */
    finishAuth: (transport: TransportLike, callback: URL) => transport.finishAuth(callback.searchParams.get("code") as never),
    Client: V1Client,
    Transport: V1Transport,
    UnauthorizedError: V1UnauthorizedError,
    ClientCredentialsProvider: V1ClientCredentialsProvider,
    PrivateKeyJwtProvider: V1PrivateKeyJwtProvider,
  },
  v2: {
    label: "@modelcontextprotocol/client 2.4.0",
    /** v2 takes the callback's parameters and checks `iss` (RFC 9207) before the code. */
    finishAuth: (transport: TransportLike, callback: URL) => transport.finishAuth(callback.searchParams as never),
    Client: V2Client,
    Transport: V2Transport,
    UnauthorizedError: V2UnauthorizedError,
    ClientCredentialsProvider: V2ClientCredentialsProvider,
    PrivateKeyJwtProvider: V2PrivateKeyJwtProvider,
  },
} as const;

export const sdkLabel = (line: SdkLine) => LINES[line].label;

function newTransport(line: SdkLine, resource: string, provider: unknown, log: Exchange[]): TransportLike {
  const Transport = LINES[line].Transport as unknown as new (url: URL, options: object) => TransportLike;
  return new Transport(new URL(resource), { authProvider: provider, fetch: recordingFetch(log) });
}

function newClient(line: SdkLine): ClientLike {
  const Client = LINES[line].Client as unknown as new (info: object) => ClientLike;
  return new Client({ name: `toolgate-e2e-${line}`, version: "1.0.0" });
}

/** A tool call's outcome as the host sees it: the result, or the error the SDK threw. */
export type CallOutcome = { ok: true; text: string; isError: boolean } | { ok: false; error: unknown };

const textOf = (result: unknown) => {
  const r = result as { content?: { type: string; text?: string }[]; isError?: boolean };
  return { text: (r.content ?? []).map((c) => c.text ?? "").join("\n"), isError: r.isError === true };
};

export interface Session {
  line: SdkLine;
  /** Every HTTP exchange the SDK made (MCP endpoint, metadata, registration, token). */
  log: Exchange[];
  listTools(): Promise<string[]>;
  callTool(name: string, args?: Record<string, unknown>): Promise<CallOutcome>;
  close(): Promise<void>;
}

/**
 * A host application acting for a user: `connect()` meets the 401, the SDK's auth() discovers,
 * registers (DCR), or uses a Client ID Metadata Document or a pre-registered client id, and sends
 * the user to Toolgate; the "browser" signs in and consents; the host takes the code from its
 * loopback listener, calls `finishAuth` and tries again — after a 401 as after a step-up 403, at
 * most `maxAuthorizations` times per operation, as a host bounds a loop.
 */
/** What the clients of this run obtained or were given: every token set saved, authorization callback and agent secret. */
const issued = { providers: [] as { savedTokens: { access_token: string; refresh_token?: string; id_token?: string }[] }[], callbacks: [] as URL[][], secrets: [] as string[] };

/** Every token, refresh token, authorization code and agent secret the hosts of this run saw (for the log check). */
export function issuedSecrets(): string[] {
  const tokens = issued.providers.flatMap((p) => p.savedTokens.flatMap((t) => [t.access_token, t.refresh_token, t.id_token]));
  const codes = issued.callbacks.flatMap((urls) => urls.map((u) => u.searchParams.get("code")));
  return [...tokens, ...codes, ...issued.secrets].filter((s): s is string => typeof s === "string" && s.length > 0);
}

export async function userHost(options: {
  line: SdkLine;
  resource: string;
  user: SignInUser;
  /** The loopback redirect URI (a listener that records what it receives). */
  redirectUrl: string;
  received: URL[];
  clientName: string;
  clientMetadataUrl?: string;
  preRegisteredClientId?: string;
  /** Delivers the authorization response to an https redirect (a hosted client's own server), recording it in `received`. */
  deliver?: (url: URL) => Promise<number>;
  /** What the user chooses on "This access can't be granted" (default: back to the application). */
  ungrantable?: "back" | "continue";
}) {
  const log: Exchange[] = [];
  const jar = new CookieJar();
  const browser: BrowserOutcome[] = [];
  const provider = new MemoryOAuthProvider({
    redirectUrl: options.redirectUrl,
    metadata: {
      client_name: options.clientName, redirect_uris: [options.redirectUrl], grant_types: ["authorization_code", "refresh_token"],
      response_types: ["code"], token_endpoint_auth_method: "none",
    },
    ...(options.clientMetadataUrl ? { clientMetadataUrl: options.clientMetadataUrl } : {}),
    ...(options.preRegisteredClientId ? { preRegisteredClientId: options.preRegisteredClientId } : {}),
    onAuthorization: async (url) => {
      browser.push(await signInAndConsent(url, { user: options.user, jar, ...(options.deliver ? { deliver: options.deliver } : {}), ...(options.ungrantable ? { ungrantable: options.ungrantable } : {}) }));
    },
  });
  issued.providers.push(provider);
  issued.callbacks.push(options.received);
  const { UnauthorizedError } = LINES[options.line];
  const transport = () => newTransport(options.line, options.resource, provider, log);

  /** The host's callback check (its state, a code or an error); undefined when the user never came back. */
  function takeCallback(): URL | undefined {
    const outcome = browser.at(-1);
    if (!outcome?.redirectedTo || outcome.delivered !== 200) return undefined;
    const callback = options.received.at(-1);
    if (!callback || callback.toString() !== outcome.redirectedTo.toString()) return undefined;
    if (callback.searchParams.get("state") !== provider.lastState) return undefined;
    return callback.searchParams.has("code") || callback.searchParams.has("error") ? callback : undefined;
  }

  async function authorized<T>(operation: () => Promise<T>, maxAuthorizations: number): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      const before = browser.length;
      try {
        return await operation();
      } catch (err) {
        if (!(err instanceof UnauthorizedError) || browser.length === before || attempt >= maxAuthorizations) throw err;
        const callback = takeCallback();
        if (!callback) throw err;
        // An error response (RFC 6749 §4.1.2.1): v2's finishAuth checks `iss` and throws it as an
        // OAuthError; v1's takes only a code, so the host reports the error itself.
        if (options.line === "v1" && callback.searchParams.has("error")) throw new AuthorizationError(callback.searchParams);
        await LINES[options.line].finishAuth(transport(), callback);
      }
    }
  }

  async function connect(maxAuthorizations = 2): Promise<Session> {
    const client = await authorized(async () => {
      const c = newClient(options.line);
      await c.connect(transport() as never);
      return c;
    }, maxAuthorizations);
    return session(options.line, client, log, (op) => authorized(op, maxAuthorizations));
  }

  return { log, provider, browser, connect, clientId: () => provider.clientInformation()?.client_id };
}

/** The authorization server's error response, as a v1 host reports it. */
export class AuthorizationError extends Error {
  readonly error: string;
  constructor(params: URLSearchParams) {
    const error = params.get("error") ?? "";
    super(`authorization failed: ${error}${params.get("error_description") ? `: ${params.get("error_description")}` : ""}`);
    this.error = error;
  }
}

/** An agent (client_credentials): the SDK's own provider for a secret or a private_key_jwt assertion (RFC 7523). */
export async function agentHost(options: {
  line: SdkLine;
  resource: string;
  clientId: string;
  credential: { secret: string } | { privateKey: Record<string, unknown>; algorithm: string };
}) {
  const log: Exchange[] = [];
  if ("secret" in options.credential) issued.secrets.push(options.credential.secret);
  const { ClientCredentialsProvider, PrivateKeyJwtProvider } = LINES[options.line];
  const provider = "secret" in options.credential
    ? new ClientCredentialsProvider({ clientId: options.clientId, clientSecret: options.credential.secret })
    : new PrivateKeyJwtProvider({ clientId: options.clientId, privateKey: options.credential.privateKey, algorithm: options.credential.algorithm });
  async function connect(): Promise<Session> {
    const client = newClient(options.line);
    await client.connect(newTransport(options.line, options.resource, provider, log) as never);
    return session(options.line, client, log, (op) => op());
  }
  return { log, provider, connect };
}

function session(line: SdkLine, client: ClientLike, log: Exchange[], run: <T>(op: () => Promise<T>) => Promise<T>): Session {
  return {
    line,
    log,
    listTools: async () => (await run(() => client.listTools())).tools.map((t) => t.name).sort(),
    async callTool(name, args = {}) {
      try {
        return { ok: true, ...textOf(await run(() => client.callTool({ name, arguments: args }))) };
      } catch (error) {
        return { ok: false, error };
      }
    },
    close: () => client.close(),
  };
}
