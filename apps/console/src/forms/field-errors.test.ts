import { describe, expect, it } from "vitest";
import { clientCreate, serverCreate } from "@toolgate/contracts";
import { apiFieldErrors, errorFor, firstErrorField, zodFieldErrors } from "./field-errors.js";

describe("field errors", () => {
  it("come from the same zod schemas the server validates with", () => {
    const result = serverCreate.safeParse({ resourceUri: "http://example.com/mcp", name: "" });
    expect(result.success).toBe(false);
    const errors = zodFieldErrors(result.error!);
    expect(errorFor(errors, "resourceUri")).toMatch(/https/);
    expect(errorFor(errors, "name")).toBeTruthy();
  });

  it("name the item of a list that is wrong", () => {
    const result = clientCreate.safeParse({ name: "App", redirectUris: ["https://ok.example/cb", "http://evil.example/cb"] });
    const errors = zodFieldErrors(result.error!);
    expect(errorFor(errors, "redirectUris")).toMatch(/^item 2: .*https/);
  });

  it("take the server's fields, and find the first field at fault in form order", () => {
    const errors = apiFieldErrors([{ path: "scopeIds", message: "contains unknown scopes" }, { path: "body.name", message: "taken" }]);
    expect(errors).toEqual({ scopeIds: "contains unknown scopes", name: "taken" });
    expect(firstErrorField(errors, ["name", "description", "scopeIds"])).toBe("name");
  });
});
