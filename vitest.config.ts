import { defineConfig } from "vitest/config";

/**
 * `pnpm test` runs every project (e2e: the end-to-end suite, see e2e/README.md). Server tests need PostgreSQL: TEST_DATABASE_URL, else the local
 * server at 127.0.0.1:5432 if it answers, else the embedded PGlite (see test/global-setup.ts).
 */
export default defineConfig({
  // Workspace packages resolve to their TypeScript sources (package.json "source" condition).
  resolve: { conditions: ["source"] },
  ssr: { resolve: { conditions: ["source"] } },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: "server",
          root: "apps/server",
          include: ["src/**/*.test.ts", "test/**/*.test.ts"],
          globalSetup: ["test/global-setup.ts"],
          // The official MCP client drives some flows (see the sdk project for why it is inlined).
          server: { deps: { inline: [/@modelcontextprotocol\/sdk\/dist\/esm\/client/, /eventsource/] } },
          pool: "forks",
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          name: "sdk",
          root: "packages/sdk",
          include: ["test/**/*.test.ts", "src/**/*.test.ts"],
          // The SDK is tested against a real Toolgate, which needs the server tests' database setup.
          globalSetup: ["../../apps/server/test/global-setup.ts"],
          // eventsource-parser (under the MCP SDK clients, v1 and v2) publishes a "source" export condition
          // pointing at TypeScript; inlined, Vite compiles it instead of Node failing to load it.
          server: { deps: { inline: [/@modelcontextprotocol\/sdk\/dist\/esm\/client/, /@modelcontextprotocol\/client/, /eventsource/] } },
          pool: "forks",
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          name: "e2e",
          root: "e2e",
          include: ["test/**/*.test.ts"],
          // Databases as for the server tests; Node 22 and MCP Inspector installed project-locally.
          globalSetup: ["../apps/server/test/global-setup.ts", "setup/test-tools.ts"],
          // As for the sdk project: the official clients' eventsource-parser ships a "source" condition.
          server: { deps: { inline: [/@modelcontextprotocol\/sdk\/dist\/esm\/client/, /@modelcontextprotocol\/client/, /eventsource/] } },
          pool: "forks",
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
      {
        extends: true,
        test: {
          name: "console",
          root: "apps/console",
          include: ["src/**/*.test.ts", "test/**/*.test.ts"],
          // A real Toolgate (database setup from the server tests) serving a fresh production build.
          globalSetup: ["../server/test/global-setup.ts", "test/build-console.ts"],
          pool: "forks",
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
