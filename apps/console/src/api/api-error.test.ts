import { describe, expect, it } from "vitest";
import { ApiError, toApiError } from "./api-error.js";

describe("ApiError.fromResponse", () => {
  it("keeps the server's code, message and fields", () => {
    const e = ApiError.fromResponse(400, { code: "validation.failed", message: "name: too short", fields: [{ path: "name", message: "too short" }] });
    expect(e).toMatchObject({ status: 400, code: "validation.failed", fields: [{ path: "name", message: "too short" }] });
  });
  it("puts a conflict naming a field next to that field", () => {
    const e = ApiError.fromResponse(409, { code: "resource.conflict", message: "an MCP server with resource URI x already exists", details: { field: "resourceUri" } });
    expect(e.fields).toEqual([{ path: "resourceUri", message: "an MCP server with resource URI x already exists" }]);
  });
  it("survives a body that is not an error document", () => {
    const e = ApiError.fromResponse(502, "<html>bad gateway</html>");
    expect(e).toMatchObject({ code: "http.502", fields: [], details: {} });
  });
});

describe("toApiError", () => {
  it("keeps an ApiError and wraps anything else as internal, with its message", () => {
    const e = ApiError.network();
    expect(toApiError(e)).toBe(e);
    expect(toApiError(new TypeError("x is undefined"))).toMatchObject({ status: 0, code: "internal", message: "x is undefined" });
    expect(toApiError("odd")).toMatchObject({ code: "internal", message: "odd" });
  });
});
