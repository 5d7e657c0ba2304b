import { randomBytes } from "node:crypto";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import type { Logger } from "pino";
import type { Config } from "./load-config.js";

/**
 * TOOLGATE_SECRET is required in production (loadConfig enforces it). Elsewhere a first run
 * generates one and keeps it in the data directory, so signing keys stay decryptable across
 * restarts — and says so loudly, because a secret on local disk is a development convenience.
 */
export async function resolveSecret(config: Config, log: Logger): Promise<string> {
  if (config.secret) return config.secret;
  const file = path.join(config.dataDir, "secret");
  try {
    const stored = (await readFile(file, "utf8")).trim();
    log.warn({ file }, "using the development secret from the data directory; set TOOLGATE_SECRET in production");
    return stored;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
  }
  const secret = randomBytes(48).toString("base64url");
  await mkdir(config.dataDir, { recursive: true });
  await writeFile(file, `${secret}\n`, { mode: 0o600, flag: "wx" });
  log.warn({ file }, "generated a development secret into the data directory; set TOOLGATE_SECRET in production");
  return secret;
}
