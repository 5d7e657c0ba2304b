import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "./helpers/test-server.js";
import { spawnServe } from "./helpers/spawn-serve.js";
import { absolute } from "./helpers/oauth.js";
import { CookieJar } from "./helpers/cookie-jar.js";
import { ConfigError, loadConfig } from "../src/config/load-config.js";

/** The theming variables of the sign-in, consent and error pages (config/env-schema.ts). */
const THEME = {
  TOOLGATE_PRODUCT_NAME: "Acme & Co <Tools>",
  TOOLGATE_LOGO_URL: "https://cdn.acme.example/logo.svg?v=2&size=64",
  TOOLGATE_ACCENT_COLOR: "#0a7f3c",
};
let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({ env: THEME });
});
afterAll(async () => {
  await server?.close();
});

/** The sign-in page a browser lands on when it opens /account (Toolgate's own client). */
async function signInPage(): Promise<{ html: string; res: Response }> {
  const jar = new CookieJar();
  let url = `${server.url}/account`;
  let res = await jar.fetch(url);
  for (let hops = 0; hops < 5 && res.status === 303; hops++) {
    url = absolute(url, res.headers.get("location"));
    res = await jar.fetch(url);
  }
  expect(res.status).toBe(200);
  return { html: await res.text(), res };
}

describe("page theming", () => {
  it("shows the configured product name and logo on the sign-in page, escaped", async () => {
    const { html, res } = await signInPage();
    expect(html).toContain('<label for="password">');
    expect(html).toContain("<title>Sign in · Acme &amp; Co &lt;Tools&gt;</title>");
    expect(html).toContain('<span class="product">Acme &amp; Co &lt;Tools&gt;</span>');
    expect(html).toContain('<img class="logo" src="https://cdn.acme.example/logo.svg?v=2&amp;size=64"');
    expect(html).not.toContain("<Tools>");
    expect(html).not.toContain(">Toolgate<");
    // The page's CSP lets the browser load the (https) logo.
    expect(res.headers.get("content-security-policy")).toMatch(/img-src [^;]*https:/);
  });

  it("themes the error pages too", async () => {
    const res = await fetch(`${server.url}/federation/callback?code=x&state=y`);
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain("Sign-in failed");
    expect(html).toContain('<span class="product">Acme &amp; Co &lt;Tools&gt;</span>');
    expect(html).toContain('src="https://cdn.acme.example/logo.svg?v=2&amp;size=64"');
  });

  it("serves the accent colour in /assets/theme.css", async () => {
    const res = await fetch(`${server.url}/assets/theme.css`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/css/);
    expect(await res.text()).toBe(":root { --accent: #0a7f3c; }\n");
  });
});

describe("theming configuration", () => {
  it("a bad accent colour stops the start, naming the variable", async () => {
    const serve = await spawnServe(["serve"], {
      // Never reached: the configuration is refused first.
      databaseUrl: "postgresql://nobody@127.0.0.1:1/none",
      env: { TOOLGATE_ACCENT_COLOR: "red" },
      waitForReady: false,
    });
    try {
      expect((await serve.exited).code).toBe(78); // EX_CONFIG
      expect(serve.stderr()).toContain("TOOLGATE_ACCENT_COLOR: must be a #rrggbb colour");
      expect(serve.logs.some((l) => l.msg === "Toolgate ready")).toBe(false);
    } finally {
      await serve.cleanup();
    }
  });

  it("refuses values that would inject into the stylesheet or the page", () => {
    const base = { NODE_ENV: "test", TOOLGATE_SECRET: "test-secret-test-secret-test-secret-0123456789" };
    const refusal = (env: Record<string, string>) => {
      try {
        loadConfig({ ...base, ...env });
      } catch (err) {
        expect(err).toBeInstanceOf(ConfigError);
        return (err as Error).message;
      }
      throw new Error(`accepted ${JSON.stringify(env)}`);
    };
    expect(refusal({ TOOLGATE_ACCENT_COLOR: "#fff; } body { display: none" })).toContain("TOOLGATE_ACCENT_COLOR:");
    expect(refusal({ TOOLGATE_ACCENT_COLOR: "#fff" })).toContain("TOOLGATE_ACCENT_COLOR:");
    expect(refusal({ TOOLGATE_LOGO_URL: "javascript:alert(1)" })).toContain("TOOLGATE_LOGO_URL:");
    // The pages load images over https only (Content-Security-Policy).
    expect(refusal({ TOOLGATE_LOGO_URL: "http://cdn.acme.example/logo.svg" })).toContain("TOOLGATE_LOGO_URL: must be an https URL");
    expect(refusal({ TOOLGATE_PRODUCT_NAME: "x".repeat(61) })).toContain("TOOLGATE_PRODUCT_NAME:");
    expect(loadConfig({ ...base, ...THEME }).theme).toEqual({ productName: THEME.TOOLGATE_PRODUCT_NAME, logoUrl: THEME.TOOLGATE_LOGO_URL, accentColor: "#0a7f3c" });
  });
});
