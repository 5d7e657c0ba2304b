/** What the SDK needs from `fetch`; tests and proxies can pass their own. */
export type Fetch = typeof globalThis.fetch;

export class HttpError extends Error {
  override readonly name = "HttpError";
  constructor(
    readonly url: string,
    readonly status: number,
    message: string,
    /** The answer's body (capped), for callers that read an error's details. */
    readonly body = "",
  ) {
    super(message);
  }
}

export interface HttpClient {
  /** GETs or POSTs and returns the response body; a non-2xx answer throws `HttpError`. */
  request(url: string, init?: RequestInit & { maxBytes?: number }): Promise<{ status: number; text: string; headers: Headers }>;
  /**
   * Aborts the requests still in flight, and any made later. A poll in flight when the SDK closes
   * would otherwise hold its connection to Toolgate, and a server closing after it (its keep-alive
   * timeout) with it.
   */
  close(): void;
}

/**
 * Every call to Toolgate goes through here: with a timeout (a hung Toolgate must not hang the MCP
 * server's requests) and a cap on what is read back.
 */
export function createHttpClient(fetchImpl: Fetch, timeoutMs: number): HttpClient {
  const closing = new AbortController();
  return {
    async request(url, { maxBytes = 4 * 1024 * 1024, ...init } = {}) {
      closing.signal.throwIfAborted();
      const signal = AbortSignal.any([AbortSignal.timeout(timeoutMs), closing.signal]);
      const res = await fetchImpl(url, { ...init, redirect: "error", signal });
      const text = await readCapped(res, maxBytes);
      if (res.status < 200 || res.status > 299) {
        throw new HttpError(url, res.status, `${init.method ?? "GET"} ${url} answered ${res.status}: ${text.slice(0, 200)}`, text.slice(0, 64 * 1024));
      }
      return { status: res.status, text, headers: res.headers };
    },
    close: () => closing.abort(new Error("the Toolgate SDK is closed")),
  };
}

async function readCapped(res: Response, maxBytes: number): Promise<string> {
  const length = Number(res.headers.get("content-length") ?? "0");
  if (length > maxBytes) {
    await res.body?.cancel();
    throw new HttpError(res.url, res.status, `answer of ${length} bytes is over ${maxBytes}`);
  }
  const buffer = await res.arrayBuffer();
  if (buffer.byteLength > maxBytes) throw new HttpError(res.url, res.status, `answer over ${maxBytes} bytes`);
  return new TextDecoder().decode(buffer);
}

export function parseJsonObject(text: string, what: string): Record<string, unknown> {
  const value: unknown = JSON.parse(text);
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw new TypeError(`${what} is not a JSON object`);
  return value as Record<string, unknown>;
}
