import { createServer as createHttpServer, type Server } from "node:http";
import { createServer as createTcpServer, type Server as TcpServer } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSsrfSafeFetch, isSpecialUseAddress, SsrfRefusedError } from "../../src/http/ssrf-safe-fetch.js";
import { startTestServer, type TestServer } from "../helpers/test-server.js";
import { pkce } from "../helpers/oauth.js";

/**
 * SSRF: addresses are checked before any connection is made. Every target is a loopback listener
 * this test runs, counting the connections it receives: a refused fetch must leave it at zero.
 */

let connections = 0;
let tcp: TcpServer;
let port: number;
let web: Server;
let webPort: number;

beforeAll(async () => {
  tcp = createTcpServer((socket) => {
    connections++;
    socket.destroy();
  });
  await new Promise<void>((r) => tcp.listen(0, "127.0.0.1", () => r()));
  port = (tcp.address() as { port: number }).port;
  web = createHttpServer((req, res) => {
    if (req.url === "/redirect") return res.writeHead(302, { location: `http://127.0.0.1:${port}/` }).end();
    res.writeHead(200, { "content-type": "application/json" }).end('{"ok":true}');
  });
  await new Promise<void>((r) => web.listen(0, "127.0.0.1", () => r()));
  webPort = (web.address() as { port: number }).port;
});
afterAll(async () => {
  await new Promise((r) => tcp?.close(r));
  await new Promise((r) => web?.close(r));
});

describe("special-use addresses", () => {
  it.each([
    ["127.0.0.1", true], ["127.255.0.9", true], ["10.1.2.3", true], ["172.16.0.1", true], ["172.31.255.255", true], ["192.168.1.1", true],
    ["169.254.169.254", true], ["100.64.0.1", true], ["0.0.0.0", true], ["224.0.0.1", true], ["255.255.255.255", true],
    ["::1", true], ["::", true], ["fe80::1", true], ["fc00::1", true], ["fd12:3456::1", true], ["::ffff:127.0.0.1", true], ["::ffff:169.254.169.254", true],
    ["64:ff9b::7f00:1", true], ["not-an-ip", true],
    ["8.8.8.8", false], ["172.32.0.1", false], ["1.1.1.1", false], ["2606:4700:4700::1111", false], ["::ffff:8.8.8.8", false],
  ])("%s → refused: %s", (address, refused) => {
    expect(isSpecialUseAddress(address)).toBe(refused);
  });
});

describe("the SSRF-safe fetch refuses before connecting", () => {
  const resolvingTo = (...addresses: string[]) => createSsrfSafeFetch({ resolve: async () => addresses });

  it.each([
    ["a name resolving to loopback", () => resolvingTo("127.0.0.1"), () => `https://internal.example.test:${port}/`],
    ["a name resolving to a public and a private address", () => resolvingTo("8.8.8.8", "127.0.0.1"), () => `https://mixed.example.test:${port}/`],
    ["a name resolving to IPv4-mapped loopback", () => resolvingTo("::ffff:127.0.0.1"), () => `https://mapped.example.test:${port}/`],
    ["a name resolving to the metadata address", () => resolvingTo("169.254.169.254"), () => `https://metadata.example.test:${port}/`],
    ["a literal loopback address", () => createSsrfSafeFetch(), () => `https://127.0.0.1:${port}/`],
    ["a literal IPv6 loopback address", () => createSsrfSafeFetch(), () => `https://[::1]:${port}/`],
    ["a private address in decimal notation", () => createSsrfSafeFetch(), () => `https://2130706433:${port}/`],
    ["plain http", () => createSsrfSafeFetch(), () => `http://example.com:${port}/`],
  ])("%s", async (_name, make, url) => {
    const before = connections;
    const error = await make()(url()).then(() => undefined, (err: Error) => err);
    expect(error).toBeDefined();
    const cause = error instanceof SsrfRefusedError ? error : (error as Error & { cause?: Error }).cause;
    expect(cause).toBeInstanceOf(SsrfRefusedError);
    expect(connections).toBe(before);
  });

  it("connects to the checked address, once, and does not follow redirects", async () => {
    // Widened for the test only: loopback allowed, so the listener can answer.
    const safe = createSsrfSafeFetch({ resolve: async () => ["127.0.0.1"], isAllowed: (a) => a === "127.0.0.1" });
    const ok = await safe(`http://docs.example.test:${webPort}/doc`);
    expect(ok.status).toBe(200);
    const redirect = await safe(`http://docs.example.test:${webPort}/redirect`);
    expect(redirect.status).toBe(302);
    expect(connections).toBe(0);
  });
});

describe("CIMD and jwks_uri fetches go through it", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server?.close();
  });

  it.each(["127.0.0.1", "[::1]", "localhost"])("a client_id document at %s is refused without a connection", async (host) => {
    const before = connections;
    const url = new URL(`${server.url}/auth`);
    url.search = new URLSearchParams({
      client_id: `https://${host}:${port}/client.json`, redirect_uri: "http://127.0.0.1:8123/callback", response_type: "code",
      code_challenge: pkce().challenge, code_challenge_method: "S256",
    }).toString();
    const res = await fetch(url, { redirect: "manual" });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(connections).toBe(before);
  });
});
