import { describe, expect, it, vi } from "vitest";
import { createHttpClient } from "./http-client.js";
import { ApiError } from "./api-error.js";
import { SignInRequired } from "../auth/token-set.js";

const route = { method: "GET", path: "/servers/:id" } as const;
const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });

describe("http client", () => {
  it("sends the bearer token and returns JSON", async () => {
    const fetch = vi.fn(async (_url: string, _init: RequestInit) => json(200, { id: "s1" }));
    const client = createHttpClient({ baseUrl: "https://t/api/admin", tokens: { accessToken: async () => "at1", renew: async () => "at2" }, onSignInRequired: vi.fn(), fetch: fetch as never });
    expect(await client.call(route, { params: { id: "s1" }, query: { force: "true" } })).toEqual({ id: "s1" });
    expect(fetch.mock.calls[0]![0]).toBe("https://t/api/admin/servers/s1?force=true");
    expect((fetch.mock.calls[0]![1].headers as Record<string, string>).authorization).toBe("Bearer at1");
  });

  it("retries a 401 once with a renewed token", async () => {
    const fetch = vi.fn().mockResolvedValueOnce(json(401, { code: "auth.unauthenticated", message: "expired" })).mockResolvedValueOnce(json(200, { ok: true }));
    const renew = vi.fn(async () => "at2");
    const client = createHttpClient({ baseUrl: "", tokens: { accessToken: async () => "at1", renew }, onSignInRequired: vi.fn(), fetch });
    expect(await client.call(route, { params: { id: "x" } })).toEqual({ ok: true });
    expect(renew).toHaveBeenCalledWith("at1");
  });

  it("sends the admin to sign-in when the session cannot be renewed", async () => {
    const onSignInRequired = vi.fn();
    const fetch = vi.fn(async () => json(401, { code: "auth.unauthenticated", message: "expired" }));
    const client = createHttpClient({
      baseUrl: "", fetch,
      tokens: { accessToken: async () => "at1", renew: async () => { throw new SignInRequired("refused"); } },
      onSignInRequired,
    });
    void client.call(route, { params: { id: "x" } });
    await vi.waitFor(() => expect(onSignInRequired).toHaveBeenCalledOnce());
  });

  it("turns server errors into ApiError and network failures into network.unreachable", async () => {
    const client = createHttpClient({
      baseUrl: "", tokens: { accessToken: async () => "at", renew: async () => "at" }, onSignInRequired: vi.fn(),
      fetch: vi.fn().mockResolvedValueOnce(json(409, { code: "resource.in_use", message: "in use", details: { roles: ["r"] } })).mockRejectedValueOnce(new TypeError("Failed to fetch")),
    });
    await expect(client.call(route, { params: { id: "x" } })).rejects.toMatchObject({ status: 409, code: "resource.in_use", details: { roles: ["r"] } });
    const e = await client.call(route, { params: { id: "x" } }).catch((err: unknown) => err);
    expect(e).toBeInstanceOf(ApiError);
    expect((e as ApiError).code).toBe("network.unreachable");
  });
});
