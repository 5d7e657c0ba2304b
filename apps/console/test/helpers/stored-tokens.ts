import { expect } from "vitest";
import type { Page, Response } from "playwright-core";

/** The next answer of Toolgate's token endpoint (POST /token) to the page for a grant: start waiting before the page asks. */
export function nextTokenResponse(page: Page, grantType: "authorization_code" | "refresh_token"): Promise<Response> {
  return page.waitForResponse((r) => new URL(r.url()).pathname === "/token" && r.request().method() === "POST" && new URLSearchParams(r.request().postData() ?? "").get("grant_type") === grantType);
}

/** The tokens a token response issued (access, refresh, ID token), by name. */
export async function issuedTokens(response: Response): Promise<Record<string, string>> {
  expect(response.status()).toBe(200);
  const body = (await response.json()) as Record<string, unknown>;
  const names = ["access_token", "refresh_token", "id_token"] as const;
  return Object.fromEntries(names.flatMap((name) => (typeof body[name] === "string" ? [[name, body[name]]] : [])));
}

/** No token outlives the page: none in localStorage, sessionStorage or the page's cookies. */
export async function expectTokensNotStored(page: Page, tokens: Record<string, string>): Promise<void> {
  const stored = await page.evaluate(() => ({ localStorage: JSON.stringify({ ...localStorage }), sessionStorage: JSON.stringify({ ...sessionStorage }), cookie: document.cookie }));
  for (const [name, token] of Object.entries(tokens)) {
    for (const [where, text] of Object.entries(stored)) expect(text.includes(token), `${name} found in ${where}`).toBe(false);
  }
}
