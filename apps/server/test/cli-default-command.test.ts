import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { runCli } from "../src/cli/run-cli.js";
import { createTestDatabase, type TestDatabase } from "./helpers/test-database.js";
import { spawnServe, type ServeProcess } from "./helpers/spawn-serve.js";

/**
 * `serve` is the default command, also when the command line starts with an option. Regression:
 * `pnpm start -- --demo` (README) runs `node main.js -- --demo`, which exited 64 (unknown command).
 */

let db: TestDatabase;
let serve: ServeProcess | undefined;

beforeAll(async () => {
  db = await createTestDatabase();
});
afterEach(async () => {
  await serve?.cleanup();
  serve = undefined;
});
afterAll(async () => {
  await db?.drop();
});

async function run(...argv: string[]): Promise<{ code: number; err: string }> {
  let err = "";
  const e = vi.spyOn(process.stderr, "write").mockImplementation((chunk) => ((err += String(chunk)), true));
  try {
    return { code: await runCli(argv, { DATABASE_URL: db.url, LOG_LEVEL: "silent" }), err };
  } finally {
    e.mockRestore();
  }
}

describe("toolgate with options and no command", () => {
  it("starts serve: `pnpm start -- --demo` seeds the demo, serves, and stops on SIGTERM", async () => {
    serve = await spawnServe(["--", "--demo"], { databaseUrl: db.url });
    await serve.waitForStderr("Demo research server seeded");
    const meta = await (await fetch(`${serve.url}/.well-known/oauth-authorization-server`)).json();
    expect(meta).toMatchObject({ issuer: serve.url });
    serve.child.kill("SIGTERM");
    expect(await serve.exited).toEqual({ code: 0, signal: null });
  });

  it("refuses options serve does not know, before starting anything", async () => {
    for (const argv of [["--frobnicate"], ["--", "--demo", "--frobnicate"], ["serve", "--shutdown-timeout", "soon"], ["serve", "--shutdown-timeout"]]) {
      const result = await run(...argv);
      expect(result.code, argv.join(" ")).toBe(64);
      expect(result.err, argv.join(" ")).toContain("Usage: toolgate");
    }
    expect((await run("--frobnicate")).err).toContain("serve: unknown option --frobnicate");
  });
});
