import { describe, expect, it } from "vitest";
import { safeReturnPath } from "./return-path.js";

describe("safeReturnPath", () => {
  const base = "/console";
  it("keeps console paths with their query", () => {
    expect(safeReturnPath("/console/audit?decision=deny", base)).toBe("/console/audit?decision=deny");
  });
  it.each([null, "", "https://evil.example/console/", "//evil.example/console/", "/\\evil", "/other/page", "/console/callback?code=1"])(
    "falls back to the console's home for %s",
    (value) => expect(safeReturnPath(value, base)).toBe("/console/"),
  );
});
