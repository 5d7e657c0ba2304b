import { fileURLToPath } from "node:url";
import { build } from "vite";

const ROOT = fileURLToPath(new URL("..", import.meta.url));

/**
 * Vitest global setup: a fresh production build of the console, which the real server under test
 * serves from apps/console/dist — the browser tests drive exactly what ships.
 */
export default async function buildConsole(): Promise<void> {
  const started = Date.now();
  await build({ root: ROOT, configFile: `${ROOT}vite.config.ts`, logLevel: "warn", build: { sourcemap: false } });
  process.stdout.write(`[console tests] built the console in ${Date.now() - started} ms\n`);
}
