import { describe, expect, it } from "vitest";
import type { RpcBody } from "./json-rpc.js";
import { checkProtocol, decodeHeaderValue, protocolEra, PROTOCOL_VERSION_META } from "./protocol-era.js";

const meta = (version: unknown = "2026-07-28") => ({ _meta: { [PROTOCOL_VERSION_META]: version } });
const one = (message: Record<string, unknown>): RpcBody => ({ batch: false, messages: [message] });
const modernCall = one({ jsonrpc: "2.0", id: 1, method: "tools/call", params: { name: "browse", ...meta() } });
const modernHeaders = { protocolVersion: "2026-07-28", method: "tools/call", name: "browse" };
const b64 = (s: string) => `=?base64?${Buffer.from(s, "utf8").toString("base64")}?=`;

describe("protocolEra", () => {
  it("is modern only for a single message carrying the envelope's protocol version", () => {
    expect(protocolEra(modernCall)).toEqual({ era: "modern", version: "2026-07-28" });
    expect(protocolEra(one({ id: 1, method: "tools/list" }))).toEqual({ era: "legacy" });
    expect(protocolEra(undefined)).toEqual({ era: "legacy" });
  });
});

describe("checkProtocol", () => {
  const cases: [string, RpcBody, Record<string, string | undefined>, string | undefined][] = [
    ["a conforming modern tools/call", modernCall, modernHeaders, undefined],
    ["a conforming modern call with a Base64 Mcp-Name", one({ id: 1, method: "tools/call", params: { name: "héllo", ...meta() } }), { ...modernHeaders, name: b64("héllo") }, undefined],
    ["a modern notification without the mirrored headers", one({ method: "notifications/cancelled", params: meta() }), { protocolVersion: "2026-07-28" }, undefined],
    ["a legacy call without any MCP header", one({ id: 1, method: "tools/call", params: { name: "browse" } }), {}, undefined],
    ["a legacy call with a 2025 header", one({ id: 1, method: "tools/call", params: { name: "browse" } }), { protocolVersion: "2025-11-25" }, undefined],
    ["a legacy batch", { batch: true, messages: [{ id: 1, method: "tools/list" }, { id: 2, method: "tools/call", params: { name: "x" } }] }, { protocolVersion: "2025-03-26" }, undefined],
    ["Mcp-Name for another tool", modernCall, { ...modernHeaders, name: "purge" }, "header_mismatch"],
    ["a Base64 Mcp-Name for another tool", modernCall, { ...modernHeaders, name: b64("purge") }, "header_mismatch"],
    ["a broken Base64 sentinel", modernCall, { ...modernHeaders, name: "=?base64?***?=" }, "header_mismatch"],
    ["Mcp-Method for another method", modernCall, { ...modernHeaders, method: "tools/list" }, "header_mismatch"],
    ["no Mcp-Method on a modern request", modernCall, { ...modernHeaders, method: undefined }, "header_mismatch"],
    ["no Mcp-Name on a modern tools/call", modernCall, { ...modernHeaders, name: undefined }, "header_mismatch"],
    ["no MCP-Protocol-Version on a modern request", modernCall, { ...modernHeaders, protocolVersion: undefined }, "header_mismatch"],
    ["a 2025 MCP-Protocol-Version on a modern request", modernCall, { ...modernHeaders, protocolVersion: "2025-11-25" }, "header_mismatch"],
    ["a modern MCP-Protocol-Version without the envelope", one({ id: 1, method: "tools/list" }), { protocolVersion: "2026-07-28" }, "header_mismatch"],
    ["a legacy call whose Mcp-Name disagrees", one({ id: 1, method: "tools/call", params: { name: "browse" } }), { name: "purge" }, "header_mismatch"],
    ["Mcp-Method on a batch", { batch: true, messages: [{ id: 1, method: "tools/list" }] }, { method: "tools/list" }, "header_mismatch"],
    ["an unknown modern revision", one({ id: 1, method: "tools/list", params: meta("2099-01-01") }), { protocolVersion: "2099-01-01", method: "tools/list" }, "protocol_version_unsupported"],
    ["a non-string envelope version", one({ id: 1, method: "tools/list", params: meta(20260728) }), { method: "tools/list" }, "request_malformed"],
    ["a modern message in a batch", { batch: true, messages: [{ id: 1, method: "tools/list", params: meta() }] }, { protocolVersion: "2026-07-28" }, "request_malformed"],
  ];
  it.each(cases)("%s", (_name, rpc, headers, code) => {
    expect(checkProtocol(rpc, headers)?.code).toBe(code);
  });

  it("names the supported revisions and the requested one when refusing a revision", () => {
    const error = checkProtocol(one({ id: 1, method: "tools/list", params: meta("2099-01-01") }), { protocolVersion: "2099-01-01", method: "tools/list" })!;
    expect(error.status).toBe(400);
    expect(error.data).toEqual({ supported: ["2026-07-28", "2025-11-25", "2025-06-18", "2025-03-26", "2024-11-05"], requested: "2099-01-01" });
  });
});

describe("decodeHeaderValue", () => {
  it.each([
    ["plain", "plain"],
    [b64("Hello, 世界"), "Hello, 世界"],
    [b64(" padded "), " padded "],
    [b64("=?base64?literal?="), "=?base64?literal?="],
    ["=?base64?not base64?=", undefined],
    [`=?base64?${Buffer.from([0xff, 0xfe]).toString("base64")}?=`, undefined],
  ])("%s → %s", (value, decoded) => {
    expect(decodeHeaderValue(value)).toBe(decoded);
  });
});
