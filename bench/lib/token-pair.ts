import { randomBytes } from "node:crypto";
import { freePort } from "../../apps/server/test/helpers/free-port.js";
import { startChildServer, type ChildServer } from "./child-server.js";
import { compare, type Comparison } from "./compare.js";

export const RESOURCE = "https://research.example.com/mcp";

export interface Contender {
  script: string;
  env?: Record<string, string>;
  label: (server: ChildServer) => string;
}

/**
 * Starts two benchmark servers (each in its own process) sharing one agent secret, and compares
 * how many client_credentials tokens per second each issues for the same request.
 */
export async function compareTokenIssuance(title: string, baseline: Contender, candidate: Contender): Promise<Comparison> {
  const secret = randomBytes(32).toString("base64url");
  const start = async (c: Contender) => startChildServer(c.script, { RESOURCE, CLIENT_SECRET: secret, ...c.env, PORT: String(await freePort()) });
  const first = await start(baseline);
  const second = await start(candidate).catch(async (err) => {
    await first.stop();
    throw err;
  });
  const body = `grant_type=client_credentials&resource=${encodeURIComponent(RESOURCE)}&scope=research%3Abrowse`;
  const auth = `Basic ${Buffer.from(`bench-agent:${secret}`).toString("base64")}`;
  const send = (url: string) => async () => {
    const res = await fetch(`${url}/token`, { method: "POST", headers: { authorization: auth, "content-type": "application/x-www-form-urlencoded" }, body });
    await res.arrayBuffer();
    return res.status === 200;
  };
  try {
    return await compare(
      title,
      { label: baseline.label(first), send: send(first.url) },
      { label: candidate.label(second), send: send(second.url) },
    );
  } finally {
    await first.stop();
    await second.stop();
  }
}
