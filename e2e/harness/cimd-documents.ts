import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:https";
import { fileURLToPath } from "node:url";

/**
 * Client ID Metadata Documents served over https on loopback, as a client's own web host would:
 * the certificate is the server tests' fixture (apps/server/test/fixtures), which Toolgate trusts
 * through `trustingFetch`, and Toolgate runs with TOOLGATE_CIMD_ALLOW_PRIVATE_ADDRESSES (the
 * development allowance) so it may fetch from 127.0.0.1.
 */
const fixture = (name: string) => readFileSync(fileURLToPath(new URL(`../../apps/server/test/fixtures/${name}`, import.meta.url)));
export const CIMD_CERT = fixture("cimd-test-cert.pem");
const CIMD_KEY = fixture("cimd-test-key.pem");

export interface DocumentHost {
  /** Serves `document` (its `client_id` set to its own URL) at /<name>.json; returns that URL. */
  publish(name: string, document: Record<string, unknown>): string;
  /** Paths Toolgate fetched, in order. */
  fetched: string[];
  close(): Promise<void>;
}

export async function startDocumentHost(): Promise<DocumentHost> {
  const documents = new Map<string, Record<string, unknown>>();
  const fetched: string[] = [];
  const server: Server = createServer({ cert: CIMD_CERT, key: CIMD_KEY }, (req, res) => {
    fetched.push(req.url ?? "");
    const doc = documents.get(req.url ?? "");
    if (!doc) return void res.writeHead(404).end();
    res.writeHead(200, { "content-type": "application/json", "cache-control": "max-age=60" }).end(JSON.stringify(doc));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const base = `https://127.0.0.1:${(server.address() as { port: number }).port}`;
  return {
    publish(name, document) {
      const url = `${base}/${name}.json`;
      documents.set(`/${name}.json`, { ...document, client_id: url });
      return url;
    },
    fetched,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** fetch that also trusts the fixture certificate (Node's bundled undici Agent, which Toolgate's fetch uses). */
export async function trustingFetch(): Promise<typeof fetch> {
  // Node creates its global dispatcher on the first fetch; its constructor is the bundled Agent.
  await fetch("http://127.0.0.1:1/").catch(() => undefined);
  const Agent = (globalThis as Record<symbol, { constructor: new (o: object) => unknown } | undefined>)[Symbol.for("undici.globalDispatcher.1")]!.constructor;
  const dispatcher = new Agent({ connect: { ca: CIMD_CERT } });
  return ((url: string | URL, init: RequestInit = {}) => fetch(url, { ...init, dispatcher } as RequestInit)) as typeof fetch;
}
