import { existsSync } from "node:fs";

/** Reads `.env` beside package.json if there is one (written by `pnpm credentials`). */
export function loadEnv(): NodeJS.ProcessEnv {
  if (existsSync(".env")) process.loadEnvFile(".env");
  return process.env;
}

export const DEFAULT_ISSUER = "http://localhost:4000";
export const DEFAULT_RESOURCE = "http://localhost:3000/mcp";
