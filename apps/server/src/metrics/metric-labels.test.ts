import { describe, expect, it } from "vitest";
import type { SqlPool } from "../db/prisma.js";
import { createResourceLabels, grantTypeLabel, toolLabel } from "./metric-labels.js";

/** A pool that knows the given resource URIs and counts its queries. */
function fakePool(registered: string[]) {
  const calls: unknown[][] = [];
  const pool = {
    query: async (_sql: string, params: unknown[]) => {
      calls.push(params);
      return { rows: registered.filter((uri) => params.includes(uri)).map((resource_uri) => ({ resource_uri })) };
    },
  } as unknown as SqlPool;
  return { pool, calls };
}

describe("metric labels", () => {
  it("keep a registered tool's name and fold every other name into one label", () => {
    const registered = new Set(["search"]);
    expect(toolLabel(registered, "search")).toBe("search");
    expect(toolLabel(registered, "Search")).toBe("(unregistered)");
    expect(toolLabel(registered, "anything-else")).toBe("(unregistered)");
  });

  it("keep known grant types only", () => {
    expect(grantTypeLabel("client_credentials")).toBe("client_credentials");
    expect(grantTypeLabel("urn:ietf:params:oauth:grant-type:token-exchange")).toBe("urn:ietf:params:oauth:grant-type:token-exchange");
    expect(grantTypeLabel("made-up")).toBe("(unsupported)");
    expect(grantTypeLabel(["client_credentials", "client_credentials"])).toBe("(unsupported)");
    expect(grantTypeLabel(undefined)).toBe("(none)");
  });

  it("label a resource with its registered URI, (unknown) or (none), from a short, bounded cache", async () => {
    let now = 0;
    const { pool, calls } = fakePool(["https://a.example.com/mcp"]);
    const label = createResourceLabels(pool, { ttlMs: 1000, maxEntries: 2, now: () => now });
    expect(await label(undefined)).toBe("(none)");
    expect(await label(["https://a.example.com/mcp"])).toBe("(unknown)");
    expect(calls).toHaveLength(0);

    expect(await label("https://a.example.com/mcp/")).toBe("https://a.example.com/mcp");
    expect(await label("https://a.example.com/mcp/")).toBe("https://a.example.com/mcp");
    expect(calls).toHaveLength(1);
    now = 1000; // expired: asked again
    expect(await label("https://a.example.com/mcp/")).toBe("https://a.example.com/mcp");
    expect(calls).toHaveLength(2);

    expect(await label("https://b.example.com/mcp")).toBe("(unknown)");
    expect(await label("https://b.example.com/mcp")).toBe("(unknown)");
    expect(calls).toHaveLength(3);
    // A third value fills the cache past maxEntries: it starts over rather than grow.
    expect(await label("https://c.example.com/mcp")).toBe("(unknown)");
    expect(await label("https://b.example.com/mcp")).toBe("(unknown)");
    expect(calls).toHaveLength(5);
  });
});
