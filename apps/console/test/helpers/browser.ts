import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { chromium, type BrowserContext, type Page } from "playwright-core";

/** Debian's Chromium (installed by .ci/run through apt), never a downloaded browser. */
export const CHROMIUM = "/usr/bin/chromium";
export const BROWSER_REQUIRED = process.env.TOOLGATE_REQUIRE_BROWSER === "1";
export const BROWSER_AVAILABLE = existsSync(CHROMIUM);

if (!BROWSER_AVAILABLE && !BROWSER_REQUIRED) {
  process.stdout.write(`[console tests] ${CHROMIUM} is missing: browser tests are skipped (apt-get install chromium; CI sets TOOLGATE_REQUIRE_BROWSER=1 and fails instead)\n`);
}

export const SCREENSHOTS = path.resolve(import.meta.dirname, "../../../../test-output/screenshots");

export interface Browser {
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}

export async function launchBrowser(): Promise<Browser> {
  if (!BROWSER_AVAILABLE) throw new Error(`${CHROMIUM} is missing and TOOLGATE_REQUIRE_BROWSER=1: install it with apt-get install chromium`);
  const userDataDir = await mkdtemp(path.join(tmpdir(), "toolgate-chromium-"));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    viewport: { width: 1280, height: 860 },
    colorScheme: "light",
    reducedMotion: "reduce",
  });
  const page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(15_000);
  return {
    context,
    page,
    async close() {
      await context.close();
      await rm(userDataDir, { recursive: true, force: true });
    },
  };
}
