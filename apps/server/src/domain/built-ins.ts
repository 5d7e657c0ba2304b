/** Toolgate's own admin API is a protected resource like any MCP server (issue: admin auth). */
export const ADMIN_SCOPE = "toolgate:admin";
export const ADMIN_ROLE_NAME = "toolgate-admin";
export const CONSOLE_CLIENT_ID = "toolgate-console";
export const ACCOUNT_CLIENT_ID = "toolgate-account";

export function adminApiResource(issuer: string): string {
  return `${issuer}/api/admin`;
}

export function accountRedirectUri(issuer: string): string {
  return `${issuer}/account/callback`;
}

export function consoleRedirectUri(issuer: string): string {
  return `${issuer}/console/callback`;
}
