import { fileURLToPath } from "node:url";
import { build } from "vite";

const ROOT = fileURLToPath(new URL("..", import.meta.url));

/**
 * Vitest global setup: a fresh production build of the console, which the real server under test
 * serves from apps/console/dist — the browser tests drive exactly what ships.
 */
export default async function buildConsole(): Promise<void> {
  const started = Date.now();
  // Vitest sets NODE_ENV=test, which would make React's JSX transform emit development code (with
  // source file paths); build exactly what `vite build` ships.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = "production";
  try {
    await build({ root: ROOT, configFile: `${ROOT}vite.config.ts`, mode: "production", logLevel: "warn", build: { sourcemap: false } });
  } finally {
    process.env.NODE_ENV = nodeEnv;
  }
  process.stdout.write(`[console tests] built the console in ${Date.now() - started} ms\n`);
}
