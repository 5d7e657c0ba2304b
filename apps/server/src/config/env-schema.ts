import { z } from "zod";

/**
 * Every environment variable Toolgate reads, with its default and meaning. This is the only place
 * configuration is declared; `loadConfig` parses it once at start and a bad value stops the start
 * with a message naming the variable. The README's configuration table mirrors these descriptions.
 */

const port = z.coerce.number().int().min(0).max(65535);
const positiveSeconds = z.coerce.number().int().positive();
const flag = z
  .enum(["true", "false", "1", "0", "yes", "no", "on", "off"])
  .transform((v) => ["true", "1", "yes", "on"].includes(v));

export const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development")
    .describe("`production` turns unsafe development defaults into start-up errors."),
  PORT: port.default(4000).describe("HTTP port."),
  HOST: z.string().min(1).default("localhost").describe("Interface to listen on (`0.0.0.0` in containers)."),
  TOOLGATE_ISSUER: z.url({ protocol: /^https?$/ }).optional()
    .describe("Issuer identifier, byte for byte what clients see. Default `http://localhost:$PORT`."),
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, "must be a postgres:// or postgresql:// URL").optional()
    .describe("PostgreSQL connection string. Unset: an embedded PostgreSQL (PGlite) under the data directory."),
  TOOLGATE_DATA_DIR: z.string().min(1).default("./data")
    .describe("Embedded database and generated files (development secret)."),
  TOOLGATE_SECRET: z.string().min(32, "must be at least 32 characters").optional()
    .describe("Encrypts signing keys and upstream client secrets at rest, signs cookies. Required in production; generated into the data directory otherwise."),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info")
    .describe("Log level (JSON logs on stdout)."),
  TOOLGATE_TRUST_PROXY: flag.default(false)
    .describe("Trust X-Forwarded-* headers from a TLS-terminating proxy."),
  TOOLGATE_ADMIN_EMAIL: z.email().optional()
    .describe("Email of the first admin, created at first start when no admin exists."),
  TOOLGATE_ADMIN_PASSWORD: z.string().min(12, "must be at least 12 characters").optional()
    .describe("Password of the first admin. Unset: one is generated and printed once."),
  TOOLGATE_REFRESH_TOKEN_TTL: positiveSeconds.default(14 * 24 * 3600)
    .describe("Refresh token lifetime in seconds (refresh tokens rotate on every use)."),
  TOOLGATE_SESSION_TTL: positiveSeconds.default(24 * 3600)
    .describe("Sign-in session lifetime in seconds."),
  TOOLGATE_KEY_PROPAGATION_SECONDS: z.coerce.number().int().min(0).default(60)
    .describe("After `toolgate keys rotate`, how long a new signing key is published before it signs."),
  TOOLGATE_REGISTRATION: z.enum(["open", "token", "off"]).default("open")
    .describe("Dynamic Client Registration: `open`, `token` (initial access token required) or `off`."),
  TOOLGATE_CIMD: flag.default(true)
    .describe("Accept Client ID Metadata Documents (client_id is an https URL)."),
  TOOLGATE_CIMD_ALLOW_PRIVATE_ADDRESSES: flag.default(false)
    .describe("Development only: let CIMD fetch documents from private and loopback addresses."),
  TOOLGATE_DCR_RATE_LIMIT: z.coerce.number().int().positive().default(20)
    .describe("Registrations per IP address per minute."),
  TOOLGATE_LOGIN_RATE_LIMIT: z.coerce.number().int().positive().default(20)
    .describe("Sign-in attempts per IP address per minute (accounts also lock after 5 failures)."),
  TOOLGATE_DCR_DORMANT_DAYS: z.coerce.number().int().positive().default(30)
    .describe("Self-registered clients never used within this many days are purged."),
  TOOLGATE_AUDIT_RETENTION_DAYS: z.coerce.number().int().positive().default(90)
    .describe("Audit events older than this are purged."),
  TOOLGATE_METRICS_TOKEN: z.string().min(16, "must be at least 16 characters").optional()
    .describe("Bearer token Prometheus must send to /metrics. Unset: /metrics is open."),
  REDIS_URL: z.string().regex(/^rediss?:\/\//, "must be a redis:// or rediss:// URL").optional()
    .describe("Redis for rate-limit counters shared by several instances. Unset: in-process counters."),
  TOOLGATE_PRODUCT_NAME: z.string().min(1).max(60).default("Toolgate")
    .describe("Product name on the sign-in and consent pages."),
  // https only: the pages' Content-Security-Policy loads no image over plain http.
  TOOLGATE_LOGO_URL: z.url({ protocol: /^https$/, error: "must be an https URL" }).optional()
    .describe("Logo on the sign-in and consent pages (https)."),
  TOOLGATE_DEMO_ENV_FILE: z.string().min(1).optional()
    .describe("`--demo`: the research example's `.env` (read for its `RESOURCE`, written with its credentials). Default `examples/research-server/.env` of this repository, when present."),
  TOOLGATE_ACCENT_COLOR: z.string().regex(/^#[0-9a-fA-F]{6}$/, "must be a #rrggbb colour").default("#4f46e5")
    .describe("Accent colour of the sign-in and consent pages."),
});

export type Env = z.infer<typeof envSchema>;
