import { mkdir } from "node:fs/promises";
import path from "node:path";
import { expect } from "vitest";
import type { Page } from "playwright-core";
import { SCREENSHOTS } from "./browser.js";

/** Toolgate's own (server-rendered) sign-in page, as an admin fills it in. */
export async function signInOnToolgatePage(page: Page, user: { email: string; password: string }): Promise<void> {
  await page.getByLabel("Email").fill(user.email);
  await page.getByLabel("Password").fill(user.password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

/** A page's main heading (every console page has exactly one h1). */
export async function expectHeading(page: Page, text: string | RegExp): Promise<void> {
  await page.getByRole("heading", { level: 1, name: text }).waitFor();
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await mkdir(SCREENSHOTS, { recursive: true });
  // Let charts, toasts and fonts settle.
  await page.waitForTimeout(150);
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

export async function toast(page: Page, text: string | RegExp): Promise<void> {
  await page.locator(".toast", { hasText: text }).first().waitFor();
}

export function expectNoProblems(problems: string[]): void {
  expect(problems, problems.join("\n")).toEqual([]);
}
