import { randomBytes } from "node:crypto";
import { freePort } from "../apps/server/test/helpers/free-port.js";
import { startChildServer } from "./lib/child-server.js";
import { compare, type Comparison } from "./lib/compare.js";

const RESOURCE = "https://research.example.com/mcp";

/**
 * What auditing costs token issuance: the same Toolgate, same database server, once with protocol
 * events off (baseline) and once recording every issued token in the audit trail (batched writes).
 */
export async function auditOverhead(): Promise<Comparison> {
  const secret = randomBytes(32).toString("base64url");
  const env = { RESOURCE, CLIENT_SECRET: secret };
  const off = await startChildServer("toolgate.ts", { ...env, PORT: String(await freePort()), BENCH_AUDIT: "off" });
  const on = await startChildServer("toolgate.ts", { ...env, PORT: String(await freePort()) }).catch(async (err) => {
    await off.stop();
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
      "token issuance with the audit trail on",
      { label: "Toolgate, audit of protocol events off", send: send(off.url) },
      { label: "Toolgate, every token audited", send: send(on.url) },
    );
  } finally {
    await off.stop();
    await on.stop();
  }
}
