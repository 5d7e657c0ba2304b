/** The `toolgate-gateway` command's configuration, from environment variables, checked at once. */
export interface GatewayConfig {
  issuer: string;
  resource: string;
  upstream: string;
  credentials: { clientId: string; clientSecret: string };
  port: number;
  host: string;
  identityHeaders: boolean;
  deny: string[];
  upstreamTimeoutMs: number | undefined;
}

/** A missing or bad variable; `variable` names it. */
export class GatewayConfigError extends Error {
  override readonly name = "GatewayConfigError";
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(`${variable}: ${message}`);
  }
}

/** The variables, documented once (the README's table is this one). */
export const GATEWAY_ENV = {
  TOOLGATE_ISSUER: "Toolgate's issuer URL, exactly as in its metadata (required).",
  RESOURCE: "The gateway's public MCP endpoint URL, exactly as registered in Toolgate: the only accepted token audience (required).",
  UPSTREAM: "The MCP endpoint URL of the server behind the gateway (required).",
  TOOLGATE_CLIENT_ID: "The registered server's client id (POST /api/admin/servers/:id/credentials) (required).",
  TOOLGATE_CLIENT_SECRET: "Its client secret (required).",
  PORT: "Port to listen on (default 3000).",
  HOST: "Interface to listen on (default localhost; 0.0.0.0 in containers).",
  IDENTITY_HEADERS: "true (default) or false: send x-toolgate-subject, -client-id, -scopes, -actor to the upstream.",
  TOOLGATE_DENY: "Comma-separated tool-name patterns refused whatever the scopes, e.g. admin_*,debug_* (default none).",
  UPSTREAM_TIMEOUT_MS: "Longest wait for the upstream's answer in ms (default 60000).",
} as const;

export function parseGatewayEnv(env: Record<string, string | undefined>): GatewayConfig {
  const required = (name: keyof typeof GATEWAY_ENV): string => {
    const value = env[name]?.trim();
    if (!value) throw new GatewayConfigError(name, `missing. ${GATEWAY_ENV[name]}`);
    return value;
  };
  const url = (name: keyof typeof GATEWAY_ENV): string => {
    const value = required(name);
    let parsed: URL;
    try {
      parsed = new URL(value);
    } catch {
      throw new GatewayConfigError(name, `not a URL: ${JSON.stringify(value)}`);
    }
    if (parsed.protocol !== "http:" && parsed.protocol !== "https:") throw new GatewayConfigError(name, `must be an http(s) URL, not ${JSON.stringify(value)}`);
    if (parsed.username || parsed.password) throw new GatewayConfigError(name, "must not carry credentials");
    return value;
  };
  const integer = (name: keyof typeof GATEWAY_ENV, fallback: number | undefined, min: number, max: number): number | undefined => {
    const value = env[name]?.trim();
    if (!value) return fallback;
    if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) throw new GatewayConfigError(name, `must be an integer from ${min} to ${max}, not ${JSON.stringify(value)}`);
    return Number(value);
  };

  const identity = env.IDENTITY_HEADERS?.trim().toLowerCase();
  if (identity && identity !== "true" && identity !== "false") throw new GatewayConfigError("IDENTITY_HEADERS", `must be true or false, not ${JSON.stringify(env.IDENTITY_HEADERS)}`);

  return {
    issuer: url("TOOLGATE_ISSUER"),
    resource: url("RESOURCE"),
    upstream: url("UPSTREAM"),
    credentials: { clientId: required("TOOLGATE_CLIENT_ID"), clientSecret: required("TOOLGATE_CLIENT_SECRET") },
    port: integer("PORT", 3000, 0, 65535)!,
    host: env.HOST?.trim() || "localhost",
    identityHeaders: identity !== "false",
    deny: (env.TOOLGATE_DENY ?? "").split(",").map((p) => p.trim()).filter(Boolean),
    upstreamTimeoutMs: integer("UPSTREAM_TIMEOUT_MS", undefined, 1, 3_600_000),
  };
}
