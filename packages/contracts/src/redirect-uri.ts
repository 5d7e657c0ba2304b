/**
 * Which redirect URIs a client may register (RFC 9700 §4.1.1, RFC 8252 §7): https anywhere;
 * plain http only to a loopback address; a private-use scheme for native apps. Never fragments,
 * credentials, wildcards, or schemes that run code in the browser.
 */
const DANGEROUS_SCHEMES = new Set(["javascript:", "data:", "vbscript:", "file:", "blob:", "about:", "ftp:", "ws:", "wss:"]);
const LOOPBACK_HOSTS = new Set(["127.0.0.1", "[::1]", "localhost"]);
const MAX_LENGTH = 2048;

export function isLoopbackRedirect(url: URL): boolean {
  return url.protocol === "http:" && LOOPBACK_HOSTS.has(url.hostname);
}

/** A problem description, or undefined when the URI is acceptable. */
export function checkRedirectUri(uri: string): string | undefined {
  if (uri.length > MAX_LENGTH) return `must be at most ${MAX_LENGTH} characters`;
  if (/[\s*]/.test(uri)) return "must not contain wildcards or whitespace";
  const url = URL.parse(uri);
  if (!url) return "must be an absolute URI";
  if (uri.includes("#")) return "must not contain a fragment";
  // Redirect URIs are compared as exact strings (RFC 9700 §4.1.3). A form the URL parser rewrites
  // (`http:/127.0.0.1/cb`, `HTTPS://…`, a missing path) would be registered as one string and
  // reached as another: refused, with the form to register instead.
  if (url.href !== uri) return `is not in canonical form: register it as ${url.href}`;
  if (url.username || url.password) return "must not contain credentials";
  if (DANGEROUS_SCHEMES.has(url.protocol)) return `must not use the ${url.protocol.slice(0, -1)} scheme`;
  if (url.protocol === "https:") return url.hostname ? undefined : "must have a host";
  if (url.protocol === "http:") return isLoopbackRedirect(url) ? undefined : "must use https (plain http is only allowed to a loopback address)";
  // Private-use URI scheme (RFC 8252 §7.1): reverse-domain style, e.g. com.example.app:/callback.
  return /^[a-z][a-z0-9+.-]*\.[a-z0-9+.-]+:$/i.test(url.protocol) ? undefined : "must be https, loopback http, or a reverse-domain private-use scheme";
}

/**
 * The application type a redirect URI belongs to (OpenID Connect Registration §2,
 * `application_type`): `web` for https, `native` for loopback http (RFC 8252 §7.3) and private-use
 * schemes (RFC 8252 §7.1).
 */
export function redirectUriApplicationType(uri: string): "web" | "native" | undefined {
  const url = URL.parse(uri);
  if (!url) return undefined;
  if (url.protocol === "https:") return "web";
  if (url.protocol === "http:") return isLoopbackRedirect(url) ? "native" : undefined;
  return "native";
}

/** The one application type all these redirect URIs share, or undefined when they mix. */
export function applicationTypeOf(uris: readonly string[]): "web" | "native" | undefined {
  const types = new Set(uris.map(redirectUriApplicationType));
  return types.size === 1 ? [...types][0] : undefined;
}

export function allNativeRedirects(uris: readonly string[]): boolean {
  return uris.length > 0 && applicationTypeOf(uris) === "native";
}
