import type { Page } from "playwright-core";
import { adminApi, adminToken } from "../../../server/test/helpers/admin-api.js";
import { startTestServer, TEST_ADMIN, type TestServer, type TestServerOptions } from "../../../server/test/helpers/test-server.js";
import { launchBrowser, type Browser } from "./browser.js";
import { expectHeading, signInOnToolgatePage } from "./console-steps.js";
import { watchForProblems } from "./page-problems.js";

export type AdminApi = ReturnType<typeof adminApi>;

/** A real Toolgate, a browser watched for problems, and the ways a test reaches both. */
export interface ConsoleSession {
  server: TestServer;
  browser: Browser;
  watch: ReturnType<typeof watchForProblems>;
  page(): Page;
  /** A console address: `url("/users")` → `<issuer>/console/users`. */
  url(path: string): string;
  /** The admin API as an automation client, for setup and for checking what the console changed. */
  api(): Promise<AdminApi>;
  /** Opens a console page, signing the admin in on Toolgate's page, and waits for its heading. */
  signIn(path: string, heading: string | RegExp): Promise<void>;
  close(): Promise<void>;
}

export async function startConsoleSession(options: TestServerOptions = {}): Promise<ConsoleSession> {
  const server = await startTestServer(options);
  const browser = await launchBrowser();
  const watch = watchForProblems(browser.page, server.url);
  let api: AdminApi | undefined;
  const url = (path: string) => `${server.url}/console${path}`;
  return {
    server,
    browser,
    watch,
    page: () => browser.page,
    url,
    async api() {
      api ??= adminApi(server, await adminToken(server));
      return api;
    },
    async signIn(path, heading) {
      await browser.page.goto(url(path));
      await browser.page.getByLabel("Password").waitFor();
      await signInOnToolgatePage(browser.page, TEST_ADMIN);
      await expectHeading(browser.page, heading);
    },
    async close() {
      await browser.close();
      await server.close();
    },
  };
}
