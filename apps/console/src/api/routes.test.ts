import { describe, expect, it } from "vitest";
import { fillPath, queryString } from "./routes.js";

describe("route helpers", () => {
  it("encodes path parameters (client ids may be URLs)", () => {
    expect(fillPath("/clients/:id/roles/:roleId", { id: "https://app.example/cimd.json", roleId: "r1" })).toBe(
      "/clients/https%3A%2F%2Fapp.example%2Fcimd.json/roles/r1",
    );
    expect(() => fillPath("/clients/:id", {})).toThrow(TypeError);
  });
  it("drops empty query values", () => {
    expect(queryString({ q: "", page: 2, kind: undefined, status: "active" })).toBe("?page=2&status=active");
    expect(queryString({})).toBe("");
  });
});
