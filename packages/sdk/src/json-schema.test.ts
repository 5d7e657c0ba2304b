import { describe, expect, it } from "vitest";
import { compileSchema } from "./json-schema.js";

describe("compileSchema", () => {
  const browse = compileSchema({
    $schema: "http://json-schema.org/draft-07/schema#",
    type: "object",
    properties: { query: { type: "string", minLength: 1, maxLength: 5 }, limit: { type: "integer", minimum: 1, maximum: 10 }, tags: { type: "array", items: { enum: ["a", "b"] }, maxItems: 2, uniqueItems: true } },
    required: ["query"],
    additionalProperties: false,
  });

  it("accepts valid arguments", () => {
    expect(browse({ query: "abc" })).toEqual([]);
    expect(browse({ query: "😀😀😀😀😀", limit: 10, tags: ["a", "b"] })).toEqual([]);
  });

  it.each([
    [{}, /must have property "query"/],
    [{ query: 5 }, /\/query: must be string/],
    [{ query: "" }, /at least 1/],
    [{ query: "abcdef" }, /at most 5/],
    [{ query: "a", limit: 1.5 }, /must be integer/],
    [{ query: "a", limit: 11 }, /≤ 10/],
    [{ query: "a", tags: ["c"] }, /allowed values/],
    [{ query: "a", tags: ["a", "a"] }, /duplicate/],
    [{ query: "a", other: 1 }, /must not have property "other"/],
    [[], /must be object/],
  ])("refuses %j", (value, message) => {
    expect(browse(value).join("; ")).toMatch(message);
  });

  it("supports the combinators MCP SDKs generate", () => {
    const v = compileSchema({ anyOf: [{ type: "string" }, { type: "null" }] });
    expect(v(null)).toEqual([]);
    expect(v(1)).not.toEqual([]);
    expect(compileSchema({ oneOf: [{ type: "integer" }, { type: "number" }] })(1)).not.toEqual([]);
    expect(compileSchema({ not: { const: "x" } })("x")).not.toEqual([]);
    expect(compileSchema({ type: "string", pattern: "^[a-z]+$" })("aB")).not.toEqual([]);
  });

  it("refuses a schema it cannot fully enforce, rather than skipping a constraint", () => {
    expect(() => compileSchema({ type: "object", properties: { a: { $ref: "#/$defs/a" } } })).toThrow(/\$ref.*not supported/);
    expect(() => compileSchema({ patternProperties: {} })).toThrow(TypeError);
  });
});
