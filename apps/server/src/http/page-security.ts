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

/**
 * Set on every answer of oidc-provider's endpoints before it writes anything, for the pages it
 * renders itself (session end, `form_post`, errors): no framing, no sniffing, no referrer.
 * `script-src 'strict-dynamic'` allows no script at all until oidc-provider adds the hash of
 * the one inline script of a `form_post` page (it appends to an existing script-src).
 */
export const PROTOCOL_RESPONSE_HEADERS: Readonly<Record<string, string>> = {
  "content-security-policy": `${PAGE_SECURITY_HEADERS["content-security-policy"]}; script-src 'strict-dynamic'`,
  "x-frame-options": "DENY",
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
};
