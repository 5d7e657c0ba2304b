import { describe, expect, it } from "vitest";
import { unverifiedClaims } from "./jwt-claims.js";

const b64url = (o: unknown) => Buffer.from(JSON.stringify(o)).toString("base64url");

describe("unverifiedClaims", () => {
  it("reads the payload, UTF-8 included", () => {
    expect(unverifiedClaims(`${b64url({ alg: "ES256" })}.${b64url({ sub: "u1", name: "Zoë" })}.sig`)).toEqual({ sub: "u1", name: "Zoë" });
  });
  it("is empty for garbage", () => {
    expect(unverifiedClaims("not-a-jwt")).toEqual({});
    expect(unverifiedClaims("a.%%%.c")).toEqual({});
  });
});
