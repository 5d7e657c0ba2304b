import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:https";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../helpers/test-server.js";
import { pkce } from "../helpers/oauth.js";
import { createSsrfSafeFetch } from "../../src/http/ssrf-safe-fetch.js";

const cert = readFileSync(fileURLToPath(new URL("../fixtures/cimd-test-cert.pem", import.meta.url)));
const key = readFileSync(fileURLToPath(new URL("../fixtures/cimd-test-key.pem", import.meta.url)));
const hits = new Map<string, number>();
let docs: Server;
let base: string;
let server: TestServer;

beforeAll(async () => {
  docs = createServer({ cert, key }, (req, res) => {
    hits.set(req.url ?? "", (hits.get(req.url ?? "") ?? 0) + 1);
    const client_id = `${base}${req.url}`;
    const body = req.url === "/bad-redirect.json"
      ? { client_id, client_name: "Bad", redirect_uris: ["javascript:alert(1)"], token_endpoint_auth_method: "none" }
      : req.url === "/wrong-id.json" ? { client_id: "https://elsewhere.example/x.json", redirect_uris: ["http://127.0.0.1:8123/callback"] } : undefined;
    if (!body) return res.writeHead(404).end();
    res.writeHead(200, { "content-type": "application/json", "cache-control": "max-age=60" }).end(JSON.stringify(body));
  });
  await new Promise<void>((r) => docs.listen(0, "127.0.0.1", () => r()));
  base = `https://127.0.0.1:${(docs.address() as { port: number }).port}`;
  // The product's fetch, widened to the loopback document server and its test certificate.
  const fetch = createSsrfSafeFetch({ isAllowed: (a) => a === "127.0.0.1", ca: cert });
  server = await startTestServer({ fetch });
});
afterAll(async () => {
  await server?.close();
  await new Promise((r) => docs?.close(r));
});

describe("a refused client_id metadata document", () => {
  it.each(["/bad-redirect.json", "/wrong-id.json", "/missing.json"])("%s is fetched once per authorization request", async (path) => {
    const url = new URL(`${server.url}/auth`);
    url.search = new URLSearchParams({
      client_id: `${base}${path}`, redirect_uri: "http://127.0.0.1:8123/callback", response_type: "code",
      code_challenge: pkce().challenge, code_challenge_method: "S256",
    }).toString();
    const res = await fetch(url, { redirect: "manual" });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(hits.get(path)).toBe(1);
  });
});
