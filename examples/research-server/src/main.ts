import { DEFAULT_ISSUER, DEFAULT_RESOURCE, loadEnv } from "./env.js";
import { startResearchServer } from "./server.js";

const env = loadEnv();
const issuer = env.TOOLGATE_ISSUER ?? DEFAULT_ISSUER;
const resource = env.RESOURCE ?? DEFAULT_RESOURCE;
const { TOOLGATE_CLIENT_ID: clientId, TOOLGATE_CLIENT_SECRET: clientSecret } = env;
if (!clientId || !clientSecret) {
  process.stderr.write("No server credentials: run `pnpm credentials` first (see README.md), or set TOOLGATE_CLIENT_ID and TOOLGATE_CLIENT_SECRET.\n");
  process.exit(78);
}

process.stdout.write(`Waiting for Toolgate at ${issuer} …\n`);
const { http, toolgate } = await startResearchServer({ issuer, resource, credentials: { clientId, clientSecret }, port: Number(new URL(resource).port || 80) });
process.stdout.write(`Research MCP server at ${resource}, protected by ${issuer}\n`);

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    http.close();
    void toolgate.close().then(() => process.exit(0));
  });
}
