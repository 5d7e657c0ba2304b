import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createToolgateAuditSink } from "../src/audit-sink-toolgate.js";
import { basicAuthorization } from "../src/basic-auth.js";
import { createHttpClient } from "../src/http-client.js";
import type { ToolCallEvent } from "../src/index.js";
import { startResearch, type Research } from "./helpers/research.js";

/**
 * The SDK's audit sink against a real Toolgate's ingest: one hostile or malformed event never
 * stops the others. Hostile text (NUL, unpaired surrogates: a tool name an MCP client chose) is
 * recorded as U+FFFD; an event the ingest still refuses is dropped alone (`stats().rejected`)
 * and every other event of its batch, and every later one, is stored.
 */
let research: Research;

beforeAll(async () => {
  research = await startResearch();
});
afterAll(async () => {
  await research?.server.close();
});

function sink(errors: unknown[], fetchImpl: typeof fetch = fetch) {
  return createToolgateAuditSink({
    http: createHttpClient(fetchImpl, 5000),
    issuer: research.server.url,
    authorization: basicAuthorization(research.credentials.clientId, research.credentials.clientSecret),
    batchSize: 50,
    flushIntervalMs: 50,
    onError: (err) => void errors.push(err),
  });
}

const event = (requestId: string, extra: Partial<ToolCallEvent> = {}): ToolCallEvent => ({
  time: new Date().toISOString(), type: "tool.call", decision: "allow", tool: "browse", resource: research.resource,
  actor_chain: [], scopes: ["research:browse"], request_id: requestId, ...extra,
});

const stored = (prefix: string) =>
  research.server.prisma.auditEvent.findMany({ where: { requestId: { startsWith: prefix } }, orderBy: { requestId: "asc" } });

describe("the SDK's audit sink", () => {
  it.each([
    ["NUL in the tool name", { tool: "browse\u0000; DROP" }],
    ["an unpaired surrogate in the subject", { subject: "user\ud800" }],
    ["an unpaired surrogate in the reason", { reason: "\udc00denied" }],
    ["NUL in an actor", { actor_chain: ["agent\u0000"] }],
    ["a pair cut in half at the length bound", { tool: `${"t".repeat(127)}\ud83d\ude00` }],
  ])("records an event with %s, and every event around it", async (name, extra) => {
    const prefix = `sdk-hostile-${name.replace(/\W+/g, "-")}`;
    const errors: unknown[] = [];
    const s = sink(errors);
    s.emit(event(`${prefix}-1`));
    s.emit(event(`${prefix}-2`, extra));
    s.emit(event(`${prefix}-3`));
    await s.close();
    expect(s.stats()).toMatchObject({ queued: 0, sent: 3, rejected: 0 });
    const rows = await stored(prefix);
    expect(rows.map((r) => r.requestId)).toEqual([`${prefix}-1`, `${prefix}-2`, `${prefix}-3`]);
    const texts = JSON.stringify(rows[1], (_k, v: unknown) => (typeof v === "bigint" ? String(v) : v));
    expect(texts).not.toMatch(/\\u0000|\\ud8|\\udc/);
    if (name !== "a pair cut in half at the length bound") expect(texts).toContain("\uFFFD");
  });

  it("drops only the event the ingest refuses (named in its answer), and sends the rest of the batch and later events", async () => {
    const errors: unknown[] = [];
    const s = sink(errors);
    for (let i = 0; i < 5; i++) s.emit(event(`sdk-poison-a${i}`));
    s.emit(event("sdk-poison-bad", { time: "not a time" }));
    for (let i = 0; i < 5; i++) s.emit(event(`sdk-poison-b${i}`));
    await s.flush();
    expect(s.stats()).toMatchObject({ queued: 0, sent: 10, rejected: 1 });
    expect(await stored("sdk-poison-")).toHaveLength(10);
    expect(errors.some((e) => String(e).includes("refused 1 event"))).toBe(true);

    s.emit(event("sdk-poison-later"));
    await s.close();
    expect(await stored("sdk-poison-later")).toHaveLength(1);
  });

  it("isolates an event that makes the ingest fail with 5xx after a few attempts, and sends the others", async () => {
    const errors: unknown[] = [];
    // An ingest that fails whenever the batch holds the poisoned event (as a server bug would).
    const failing: typeof fetch = async (input, init) => {
      if (typeof init?.body === "string" && init.body.includes("sdk-5xx-bad")) return new Response("{}", { status: 500 });
      return fetch(input, init);
    };
    const s = createToolgateAuditSink({
      http: createHttpClient(failing, 5000),
      issuer: research.server.url,
      authorization: basicAuthorization(research.credentials.clientId, research.credentials.clientSecret),
      batchSize: 50,
      flushIntervalMs: 20,
      maxBackoffMs: 20,
      onError: (err) => void errors.push(err),
    });
    for (let i = 0; i < 3; i++) s.emit(event(`sdk-5xx-a${i}`));
    s.emit(event("sdk-5xx-bad"));
    for (let i = 0; i < 3; i++) s.emit(event(`sdk-5xx-b${i}`));
    // Retries are scheduled with backoff: wait (bounded) until the queue is empty.
    const deadline = Date.now() + 10_000;
    while (s.stats().queued > 0 && Date.now() < deadline) {
      await s.flush();
      await new Promise((r) => setTimeout(r, 25));
    }
    expect(s.stats()).toMatchObject({ queued: 0, sent: 6, rejected: 1 });
    expect((await stored("sdk-5xx-")).map((r) => r.requestId)).not.toContain("sdk-5xx-bad");
    expect(await stored("sdk-5xx-")).toHaveLength(6);
    await s.close();
  });

  it("keeps events queued while Toolgate cannot be reached, and sends them all once it can", async () => {
    let down = true;
    const s = createToolgateAuditSink({
      http: createHttpClient((input, init) => (down ? Promise.reject(new TypeError("fetch failed")) : fetch(input, init)), 5000),
      issuer: research.server.url,
      authorization: basicAuthorization(research.credentials.clientId, research.credentials.clientSecret),
      flushIntervalMs: 20,
      maxBackoffMs: 20,
      onError: () => {},
    });
    for (let i = 0; i < 4; i++) s.emit(event(`sdk-outage-${i}`));
    for (let i = 0; i < 5; i++) {
      await s.flush();
      await new Promise((r) => setTimeout(r, 25));
    }
    expect(s.stats()).toMatchObject({ queued: 4, rejected: 0 });
    down = false;
    const deadline = Date.now() + 10_000;
    while (s.stats().queued > 0 && Date.now() < deadline) {
      await s.flush();
      await new Promise((r) => setTimeout(r, 25));
    }
    expect(s.stats()).toMatchObject({ queued: 0, sent: 4, rejected: 0 });
    expect(await stored("sdk-outage-")).toHaveLength(4);
    await s.close();
  });
});
