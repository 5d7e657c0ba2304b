import { describe, expect, it, vi } from "vitest";
import { TokenStore } from "./token-store.js";
import { OAuthError, SignInRequired, type TokenSet } from "./token-set.js";

const tokens = (n: number, expiresAt: number): TokenSet => ({ accessToken: `at${n}`, refreshToken: `rt${n}`, expiresAt, scope: "toolgate:admin" });

describe("TokenStore", () => {
  it("returns the current token while it is fresh", async () => {
    const refresher = vi.fn();
    const store = new TokenStore(refresher, () => 0);
    store.set(tokens(1, 300_000));
    expect(await store.accessToken()).toBe("at1");
    expect(refresher).not.toHaveBeenCalled();
  });

  it("refreshes once for many concurrent callers and never sends a refresh token twice", async () => {
    let now = 0;
    const sent: string[] = [];
    const store = new TokenStore(async (rt) => {
      sent.push(rt);
      await new Promise((r) => setTimeout(r, 5));
      return tokens(sent.length + 1, now + 300_000);
    }, () => now);
    store.set(tokens(1, 300_000));
    now = 290_000;
    const results = await Promise.all([store.accessToken(), store.accessToken(), store.renew("at1"), store.renew("at1")]);
    expect(results).toEqual(["at2", "at2", "at2", "at2"]);
    expect(sent).toEqual(["rt1"]);
    // A 401 for a token already replaced does not refresh again.
    expect(await store.renew("at1")).toBe("at2");
    expect(sent).toEqual(["rt1"]);
  });

  it("asks for sign-in when the refresh token is refused, and forgets the tokens", async () => {
    const store = new TokenStore(async () => {
      throw new OAuthError("invalid_grant", "grant request is invalid");
    }, () => 0);
    store.set(tokens(1, 1_000));
    await expect(store.accessToken()).rejects.toBeInstanceOf(SignInRequired);
    expect(store.signedIn).toBe(false);
  });

  it("keeps a network failure a network failure (the caller may retry)", async () => {
    const store = new TokenStore(async () => {
      throw new TypeError("Failed to fetch");
    }, () => 0);
    store.set(tokens(1, 1_000));
    await expect(store.accessToken()).rejects.toBeInstanceOf(TypeError);
  });
});
