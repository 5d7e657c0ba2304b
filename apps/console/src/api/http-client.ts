import { ApiError } from "./api-error.js";
import { fillPath, queryString, type Route } from "./routes.js";
import { SignInRequired } from "../auth/token-set.js";

export interface TokenSource {
  accessToken(): Promise<string>;
  renew(rejected: string): Promise<string>;
}

export interface CallOptions {
  params?: Record<string, string>;
  query?: Record<string, string | number | boolean | undefined | null>;
  body?: unknown;
  signal?: AbortSignal;
}

export interface HttpClientDeps {
  baseUrl: string;
  tokens: TokenSource;
  /** Called when no token can be had: send the admin through sign-in and back. */
  onSignInRequired: () => void;
  fetch?: typeof globalThis.fetch;
}

/**
 * Calls the admin API with the admin's bearer token. A 401 gets one retry with a renewed token;
 * after that — or when the session cannot be renewed — the admin goes through sign-in and comes
 * back to the same page. Failures become ApiError; an unreachable server is `network.unreachable`.
 */
export function createHttpClient({ baseUrl, tokens, onSignInRequired, fetch: fetchImpl = globalThis.fetch.bind(globalThis) }: HttpClientDeps) {
  /** Never settles: the page is about to leave for the sign-in redirect. */
  const leaving = () => {
    onSignInRequired();
    return new Promise<never>(() => {});
  };

  async function send(route: Route, options: CallOptions, token: string): Promise<Response> {
    const headers: Record<string, string> = { authorization: `Bearer ${token}`, accept: "application/json" };
    if (options.body !== undefined) headers["content-type"] = "application/json";
    try {
      return await fetchImpl(`${baseUrl}${fillPath(route.path, options.params)}${queryString(options.query)}`, {
        method: route.method,
        headers,
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
        signal: options.signal,
        credentials: "omit",
      });
    } catch (error) {
      if (options.signal?.aborted) throw error;
      throw ApiError.network();
    }
  }

  async function token(get: () => Promise<string>): Promise<string> {
    try {
      return await get();
    } catch (error) {
      if (error instanceof SignInRequired) return leaving();
      throw ApiError.network();
    }
  }

  async function raw(route: Route, options: CallOptions = {}): Promise<Response> {
    const first = await token(() => tokens.accessToken());
    let res = await send(route, options, first);
    if (res.status === 401) {
      const renewed = await token(() => tokens.renew(first));
      res = await send(route, options, renewed);
      if (res.status === 401) return leaving();
    }
    if (!res.ok) {
      const body: unknown = await res.json().catch(() => undefined);
      throw ApiError.fromResponse(res.status, body);
    }
    return res;
  }

  return {
    raw,
    async call<T>(route: Route, options: CallOptions = {}): Promise<T> {
      const res = await raw(route, options);
      if (res.status === 204) return undefined as T;
      const text = await res.text();
      return (text ? JSON.parse(text) : undefined) as T;
    },
  };
}

export type HttpClient = ReturnType<typeof createHttpClient>;
