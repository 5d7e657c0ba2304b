import { describe, expect, it } from "vitest";
import { extractBearerToken } from "./bearer-token.js";
import { ToolgateError } from "./errors.js";

const code = (fn: () => unknown) => {
  try {
    fn();
    return "ok";
  } catch (err) {
    return (err as ToolgateError).code;
  }
};

describe("extractBearerToken (RFC 6750 §2.1)", () => {
  it("takes a b64token from a single Bearer header, scheme in any case", () => {
    expect(extractBearerToken(["Bearer abc.DEF-_~+/="], "/mcp", 100)).toBe("abc.DEF-_~+/=");
    expect(extractBearerToken(["bearer  abc "], "/mcp", 100)).toBe("abc");
  });
  it.each([
    [undefined, "/mcp", "token_missing"],
    [[], "/mcp", "token_missing"],
    [["Basic abc"], "/mcp", "token_missing"],
    [["Bearer"], "/mcp", "authorization_malformed"],
    [["Bearer ä"], "/mcp", "authorization_malformed"],
    [["Bearer a=b"], "/mcp", "authorization_malformed"],
    [["Bearer a", "Bearer b"], "/mcp", "multiple_tokens"],
    [["Bearer a, Bearer b"], "/mcp", "multiple_tokens"],
    [["Bearer a b"], "/mcp", "multiple_tokens"],
    [["Bearer a"], "/mcp?access_token=a", "token_in_query"],
    [undefined, "/mcp?x=1&access_token=", "token_in_query"],
    [["Bearer " + "a".repeat(101)], "/mcp", "token_too_large"],
  ] as const)("%j at %s → %s", (headers, url, expected) => {
    expect(code(() => extractBearerToken(headers as string[] | undefined, url, 100))).toBe(expected);
  });
});
