import { writeFileSync } from "node:fs";
import { DEFAULT_ISSUER, DEFAULT_RESOURCE, loadEnv } from "./env.js";

/**
 * One-time setup: issues the research server its own client credentials through Toolgate's admin
 * API (`POST /api/admin/servers/:id/credentials`), using an admin automation client
 * (`toolgate admin client`), and writes them to `.env`. Running it again replaces the secret.
 */
const env = loadEnv();
const issuer = env.TOOLGATE_ISSUER ?? DEFAULT_ISSUER;
const resource = env.RESOURCE ?? DEFAULT_RESOURCE;
const [adminId = env.TOOLGATE_ADMIN_CLIENT_ID, adminSecret = env.TOOLGATE_ADMIN_CLIENT_SECRET] = process.argv.slice(2);
if (!adminId || !adminSecret) {
  process.stderr.write("Usage: pnpm credentials <admin client_id> <admin client_secret>   (from `toolgate admin client`)\n");
  process.exit(64);
}

const basic = `Basic ${Buffer.from(`${encodeURIComponent(adminId)}:${encodeURIComponent(adminSecret)}`).toString("base64")}`;
const tokenRes = await fetch(`${issuer}/token`, {
  method: "POST",
  headers: { authorization: basic, "content-type": "application/x-www-form-urlencoded" },
  body: new URLSearchParams({ grant_type: "client_credentials", resource: `${issuer}/api/admin` }),
});
const token = ((await tokenRes.json()) as { access_token?: string }).access_token;
if (!token) throw new Error(`could not get an admin token (${tokenRes.status}): is Toolgate running at ${issuer}?`);

const api = async (method: string, path: string) => {
  const res = await fetch(`${issuer}/api/admin${path}`, { method, headers: { authorization: `Bearer ${token}`, "content-type": "application/json" }, body: method === "POST" ? "{}" : undefined });
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return res.json() as Promise<Record<string, unknown>>;
};
const servers = (await api("GET", `/servers?q=${encodeURIComponent(resource)}`)).items as { id: string; resourceUri: string }[];
const server = servers.find((s) => s.resourceUri === resource);
if (!server) throw new Error(`no MCP server ${resource} in Toolgate: start it with \`serve --demo\` (or run \`toolgate demo\`) first`);
const { clientId, clientSecret } = (await api("POST", `/servers/${server.id}/credentials`)) as { clientId: string; clientSecret: string };

writeFileSync(".env", `TOOLGATE_ISSUER=${issuer}\nRESOURCE=${resource}\nTOOLGATE_CLIENT_ID=${clientId}\nTOOLGATE_CLIENT_SECRET=${clientSecret}\n`, { mode: 0o600 });
process.stdout.write(`Credentials of ${resource} written to .env (client ${clientId}). Now: pnpm start\n`);
