import { randomBytes } from "node:crypto";
import { freePort } from "../apps/server/test/helpers/free-port.js";
import { startChildServer } from "./lib/child-server.js";
import { compare, type Comparison } from "./lib/compare.js";

const RESOURCE = "https://research.example.com/mcp";

/**
 * client_credentials tokens per second: Toolgate on PostgreSQL (client lookup, scope decision
 * from roles, JWT signing, audit) against bare oidc-provider with its in-memory adapter and a
 * static client doing the same grant and the same JWT format — the cost of everything Toolgate
 * adds. Each server runs in its own process; the load comes from this one.
 */
export async function tokenThroughput(): Promise<Comparison> {
  const secret = randomBytes(32).toString("base64url");
  const env = { RESOURCE, CLIENT_SECRET: secret };
  const bare = await startChildServer("bare-oidc-provider.ts", { ...env, PORT: String(await freePort()) });
  const toolgate = await startChildServer("toolgate.ts", { ...env, PORT: String(await freePort()) }).catch(async (err) => {
    await bare.stop();
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
      "client_credentials token issuance",
      { label: "oidc-provider, in-memory adapter", send: send(bare.url) },
      { label: `Toolgate, ${toolgate.info.database}`, send: send(toolgate.url) },
    );
  } finally {
    await bare.stop();
    await toolgate.stop();
  }
}
