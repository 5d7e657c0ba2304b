/**
 * Deny rules by tool name, a second layer after scopes (as in Pomerium's `mcp_tool` deny
 * policies): `admin_*` refuses every tool whose name starts with `admin_`, whatever the token's
 * scopes. `*` matches any run of characters, `?` one character; matching is case-sensitive, like
 * tool names.
 */
export type DenyMatcher = (toolName: string) => string | undefined;

export function compileDenyRules(patterns: readonly string[]): DenyMatcher {
  const compiled = patterns.map((pattern) => {
    if (typeof pattern !== "string" || pattern === "") throw new TypeError("deny rules must be non-empty strings");
    const source = pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".");
    return { pattern, re: new RegExp(`^${source}$`, "s") };
  });
  return (toolName) => compiled.find((c) => c.re.test(toolName))?.pattern;
}
