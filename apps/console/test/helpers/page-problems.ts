import type { Page } from "playwright-core";

/**
 * Collects what must never happen on a console page: uncaught errors, console errors (CSP
 * violations show up there) and failed same-origin requests other than expected ones.
 */
export function watchForProblems(page: Page, origin: string) {
  const problems: string[] = [];
  let expectFailures = false;
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  page.on("console", (m) => {
    if (m.type() === "error" && !expectFailures && !/Failed to load resource/.test(m.text())) problems.push(`console error: ${m.text()}`);
  });
  page.on("requestfailed", (r) => {
    if (!expectFailures && r.url().startsWith(origin) && r.failure()?.errorText !== "net::ERR_ABORTED") problems.push(`request failed: ${r.url()} ${r.failure()?.errorText}`);
  });
  return {
    problems,
    /** Within `fn`, failures are what the test provokes. */
    async allowingFailures<T>(fn: () => Promise<T>): Promise<T> {
      expectFailures = true;
      try {
        return await fn();
      } finally {
        expectFailures = false;
      }
    },
  };
}
