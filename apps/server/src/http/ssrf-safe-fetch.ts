import { lookup as dnsLookup } from "node:dns/promises";
import { BlockList, isIP, type LookupFunction } from "node:net";

/**
 * Outgoing requests to URLs someone else chose (CIMD documents, clients' `jwks_uri`): the host
 * name is resolved first, every address it resolves to is checked, and the connection is made
 * only to a checked address — never to a private, loopback, link-local or metadata address, and
 * never "connect first, look at the peer after", which would let a caller probe internal ports
 * by timing. Redirects are not followed.
 */

const SPECIAL_USE = new BlockList();
for (const [net, prefix] of [
  ["0.0.0.0", 8], ["10.0.0.0", 8], ["100.64.0.0", 10], ["127.0.0.0", 8], ["169.254.0.0", 16], ["172.16.0.0", 12],
  ["192.0.0.0", 24], ["192.0.2.0", 24], ["192.88.99.0", 24], ["192.168.0.0", 16], ["198.18.0.0", 15], ["198.51.100.0", 24],
  ["203.0.113.0", 24], ["224.0.0.0", 4], ["240.0.0.0", 4],
] as const) SPECIAL_USE.addSubnet(net, prefix, "ipv4");
for (const [net, prefix] of [
  ["::", 128], ["::1", 128], ["64:ff9b::", 96], ["64:ff9b:1::", 48], ["100::", 64], ["2001::", 23], ["2001:db8::", 32],
  ["2002::", 16], ["fc00::", 7], ["fe80::", 10], ["fec0::", 10], ["ff00::", 8],
] as const) SPECIAL_USE.addSubnet(net, prefix, "ipv6");

/** True for addresses no outgoing request may reach (RFC 6890 special-use, cloud metadata 169.254.169.254 included). */
export function isSpecialUseAddress(address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return SPECIAL_USE.check(mapped[1]!, "ipv4");
  const family = isIP(address);
  if (family === 0) return true;
  return SPECIAL_USE.check(address, family === 4 ? "ipv4" : "ipv6");
}

export class SsrfRefusedError extends Error {
  override name = "SsrfRefusedError";
}

export interface SsrfSafeFetchOptions {
  /** Resolves a host name to its addresses (default: the system resolver, every address). */
  resolve?: (hostname: string) => Promise<string[]>;
  /** Which addresses may be reached (default: none of the special-use ones). Tests widen it. */
  isAllowed?: (address: string) => boolean;
  /** TLS trust for tests' own certificates. */
  ca?: string | Buffer;
}

const systemResolve = async (hostname: string) => (await dnsLookup(hostname, { all: true, verbatim: true })).map((a) => a.address);

/** The `lookup` given to the socket: resolve, check every address, hand over only a checked one. */
export function checkedLookup({ resolve = systemResolve, isAllowed = (a: string) => !isSpecialUseAddress(a) }: SsrfSafeFetchOptions = {}): LookupFunction {
  return (hostname, options, callback) => {
    const host = hostname.replace(/^\[|\]$/g, "");
    (isIP(host) ? Promise.resolve([host]) : resolve(host))
      .then((addresses) => {
        if (!addresses.length) throw new SsrfRefusedError(`${hostname} does not resolve`);
        const refused = addresses.find((a) => !isAllowed(a));
        if (refused) throw new SsrfRefusedError(`${hostname} resolves to a special-use address (${refused})`);
        const address = addresses[0]!;
        const family = isIP(address);
        if (options.all) callback(null, [{ address, family }]);
        else callback(null, address, family);
      })
      .catch((err: Error) => callback(err as NodeJS.ErrnoException, "", 0));
  };
}

type Dispatcher = object;

/** Node's bundled undici Agent class (what `fetch` uses), without a dependency on the undici package. */
function agentClass(): new (options: object) => Dispatcher {
  void globalThis.Response; // loads Node's bundled undici, which installs the global dispatcher
  const global = globalThis as Record<symbol, { constructor: new (options: object) => Dispatcher } | undefined>;
  const dispatcher = global[Symbol.for("undici.globalDispatcher.2")] ?? global[Symbol.for("undici.globalDispatcher.1")];
  if (!dispatcher) throw new Error("Node's fetch dispatcher is not initialised");
  return dispatcher.constructor;
}

/** A dispatcher for fetch() whose every connection goes through checkedLookup. */
export function ssrfSafeDispatcher(options: SsrfSafeFetchOptions = {}): Dispatcher {
  return new (agentClass())({ connect: { lookup: checkedLookup(options), ...(options.ca ? { ca: options.ca } : {}) } });
}

/**
 * fetch() for URLs from outside: https only (unless `isAllowed` is widened for tests), no
 * redirects (a 3xx is answered to the caller as is), addresses checked before connecting.
 */
export function createSsrfSafeFetch(options: SsrfSafeFetchOptions = {}): typeof fetch {
  let dispatcher: Dispatcher | undefined;
  return (async (input: string | URL | Request, init: RequestInit = {}) => {
    dispatcher ??= ssrfSafeDispatcher(options);
    const url = new URL(input instanceof Request ? input.url : input);
    if (url.protocol !== "https:" && !options.isAllowed) throw new SsrfRefusedError(`${url.protocol} URLs are not fetched; use https`);
    // Sockets skip `lookup` for literal addresses (the URL parser has already turned 2130706433 into 127.0.0.1).
    const literal = url.hostname.replace(/^\[|\]$/g, "");
    if (isIP(literal) && !(options.isAllowed ?? ((a: string) => !isSpecialUseAddress(a)))(literal)) {
      throw new SsrfRefusedError(`${url.hostname} is a special-use address`);
    }
    return fetch(url, { ...init, redirect: "manual", dispatcher } as RequestInit);
  }) as typeof fetch;
}

/** The process-wide instance, for CIMD documents and clients' `jwks_uri`. */
export const ssrfSafeFetch = createSsrfSafeFetch();
