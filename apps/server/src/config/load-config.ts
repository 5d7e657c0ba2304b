import path from "node:path";
import { envSchema, type Env } from "./env-schema.js";

export interface Config {
  production: boolean;
  port: number;
  host: string;
  /** Issuer identifier exactly as configured (no trailing slash added or removed). */
  issuer: string;
  /** Path component of the issuer ("" or "/p"): every route is served under it. */
  basePath: string;
  databaseUrl: string | undefined;
  dataDir: string;
  /** Undefined until `resolveSecret` fills it (generated for development). */
  secret: string | undefined;
  logLevel: Env["LOG_LEVEL"];
  trustProxy: boolean;
  admin: { email: string | undefined; password: string | undefined };
  ttl: { refreshToken: number; session: number };
  loginRatePerMinute: number;
  keyPropagationSeconds: number;
  registration: {
    mode: Env["TOOLGATE_REGISTRATION"];
    ratePerMinute: number;
    dormantDays: number;
  };
  cimd: { enabled: boolean; allowPrivateAddresses: boolean };
  auditRetentionDays: number;
  redisUrl: string | undefined;
  metricsToken: string | undefined;
  theme: { productName: string; logoUrl: string | undefined; accentColor: string };
  /** The research example's `.env` the demo reads and writes (see app/demo-seed.ts). */
  demoEnvFile: string | undefined;
}

export class ConfigError extends Error {
  override name = "ConfigError";
}

/** Parses the environment once; throws ConfigError naming every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(pickDefined(env));
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration:\n  ${problems.join("\n  ")}`);
  }
  const e = parsed.data;
  const production = e.NODE_ENV === "production";
  const issuer = e.TOOLGATE_ISSUER ?? `http://localhost:${e.PORT}`;
  const issuerUrl = new URL(issuer);

  if (issuerUrl.search || issuerUrl.hash) {
    throw new ConfigError("Invalid configuration:\n  TOOLGATE_ISSUER: must not have a query or fragment (RFC 8414 §2)");
  }
  if (issuer.endsWith("/")) {
    throw new ConfigError("Invalid configuration:\n  TOOLGATE_ISSUER: must not end with a slash");
  }
  if (production) {
    const problems: string[] = [];
    if (issuerUrl.protocol !== "https:" && !isLoopbackHost(issuerUrl.hostname)) {
      problems.push("TOOLGATE_ISSUER: must be https in production (OAuth 2.1 §1.5)");
    }
    if (!e.TOOLGATE_SECRET) problems.push("TOOLGATE_SECRET: is required in production");
    if (!e.DATABASE_URL) problems.push("DATABASE_URL: is required in production (the embedded database is for evaluation)");
    if (e.TOOLGATE_CIMD_ALLOW_PRIVATE_ADDRESSES) {
      problems.push("TOOLGATE_CIMD_ALLOW_PRIVATE_ADDRESSES: must not be enabled in production");
    }
    if (problems.length) throw new ConfigError(`Invalid configuration:\n  ${problems.join("\n  ")}`);
  }

  return {
    production,
    port: e.PORT,
    host: e.HOST,
    issuer,
    basePath: issuerUrl.pathname === "/" ? "" : issuerUrl.pathname,
    databaseUrl: e.DATABASE_URL,
    dataDir: path.resolve(e.TOOLGATE_DATA_DIR),
    secret: e.TOOLGATE_SECRET,
    logLevel: e.LOG_LEVEL,
    trustProxy: e.TOOLGATE_TRUST_PROXY,
    admin: { email: e.TOOLGATE_ADMIN_EMAIL?.toLowerCase(), password: e.TOOLGATE_ADMIN_PASSWORD },
    ttl: { refreshToken: e.TOOLGATE_REFRESH_TOKEN_TTL, session: e.TOOLGATE_SESSION_TTL },
    loginRatePerMinute: e.TOOLGATE_LOGIN_RATE_LIMIT,
    keyPropagationSeconds: e.TOOLGATE_KEY_PROPAGATION_SECONDS,
    registration: {
      mode: e.TOOLGATE_REGISTRATION,
      ratePerMinute: e.TOOLGATE_DCR_RATE_LIMIT,
      dormantDays: e.TOOLGATE_DCR_DORMANT_DAYS,
    },
    cimd: { enabled: e.TOOLGATE_CIMD, allowPrivateAddresses: e.TOOLGATE_CIMD_ALLOW_PRIVATE_ADDRESSES },
    auditRetentionDays: e.TOOLGATE_AUDIT_RETENTION_DAYS,
    redisUrl: e.REDIS_URL,
    metricsToken: e.TOOLGATE_METRICS_TOKEN,
    theme: {
      productName: e.TOOLGATE_PRODUCT_NAME,
      logoUrl: e.TOOLGATE_LOGO_URL,
      accentColor: e.TOOLGATE_ACCENT_COLOR,
    },
    demoEnvFile: e.TOOLGATE_DEMO_ENV_FILE,
  };
}

export function isLoopbackHost(hostname: string): boolean {
  return hostname === "localhost" || hostname === "[::1]" || /^127(\.\d{1,3}){3}$/.test(hostname);
}

/** Empty variables count as unset, as most shells and compose files intend. */
function pickDefined(env: NodeJS.ProcessEnv): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of Object.keys(envSchema.shape)) {
    const value = env[key];
    if (value !== undefined && value !== "") out[key] = value;
  }
  return out;
}
