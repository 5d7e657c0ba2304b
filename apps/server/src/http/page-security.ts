/**
 * Headers for every server-rendered page (sign-in, consent, errors): no framing (clickjacking on
 * the consent button), no scripts at all, no caching of pages that carry CSRF tokens or
 * interaction state, no referrer leaking interaction ids.
 */
export const PAGE_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  "content-security-policy": [
    "default-src 'none'",
    "style-src 'self'",
    "img-src 'self' https: data:",
    "base-uri 'none'",
    "frame-ancestors 'none'",
  ].join("; "),
  "x-frame-options": "DENY",
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
  "cache-control": "no-store",
  pragma: "no-cache",
};
