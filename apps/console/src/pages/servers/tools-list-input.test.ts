import { describe, expect, it } from "vitest";
import { parseToolsList } from "./tools-list-input.js";

const tools = [{ name: "browse", annotations: { readOnlyHint: true } }, { name: "export" }];

describe("parseToolsList", () => {
  it("accepts a JSON-RPC response, its result, or the array", () => {
    for (const text of [JSON.stringify({ jsonrpc: "2.0", id: 1, result: { tools } }), JSON.stringify({ tools }), JSON.stringify(tools)]) {
      const parsed = parseToolsList(text);
      expect(parsed.ok && parsed.result.tools.map((t) => t.name)).toEqual(["browse", "export"]);
    }
  });
  it("explains what is wrong", () => {
    expect(parseToolsList("")).toMatchObject({ ok: false, message: expect.stringContaining("paste") });
    expect(parseToolsList("{nope")).toMatchObject({ ok: false, message: expect.stringContaining("not valid JSON") });
    expect(parseToolsList('{"result":{}}')).toMatchObject({ ok: false, message: expect.stringContaining("tools") });
    expect(parseToolsList('[{"title":"x"}]')).toMatchObject({ ok: false, message: "tool 1 has no name" });
  });
});
