#!/usr/bin/env node
/**
 * `toolgate-gateway`: Toolgate's enforcement in front of an MCP server that has no auth code,
 * configured by environment variables (`GATEWAY_ENV`; the README's "Gateway" section). A missing
 * or bad variable stops it with a message naming the variable; SIGTERM and SIGINT close it.
 */
import { createServer } from "node:http";
import { createToolgate, type Toolgate } from "../toolgate.js";
import { createGateway } from "../gateway/gateway.js";
import { GatewayConfigError, parseGatewayEnv, type GatewayConfig } from "../gateway/gateway-config.js";

function fail(message: string): void {
  console.error(`toolgate-gateway: ${message}`);
  process.exitCode = 1;
}

async function main(): Promise<void> {
  let config: GatewayConfig;
  let toolgate: Toolgate;
  let handler: ReturnType<typeof createGateway>;
  try {
    config = parseGatewayEnv(process.env);
    toolgate = createToolgate({ issuer: config.issuer, resource: config.resource, credentials: config.credentials, deny: config.deny });
    handler = createGateway(toolgate, {
      upstream: config.upstream,
      identityHeaders: config.identityHeaders,
      ...(config.upstreamTimeoutMs ? { upstreamTimeoutMs: config.upstreamTimeoutMs } : {}),
    });
  } catch (err) {
    // Ours name the variable; createToolgate's TypeErrors name the option.
    if (err instanceof GatewayConfigError || err instanceof TypeError) return fail(err.message);
    throw err;
  }

  const server = createServer((req, res) => void handler(req, res));
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    console.log(`toolgate-gateway: ${signal}, closing`);
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    // Event streams (GET) never end by themselves: requests in flight get a moment, then are cut.
    server.closeIdleConnections();
    setTimeout(() => server.closeAllConnections(), 2_000).unref();
    await closed;
    await toolgate.close(); // flushes the audit queue
    // Keep-alive sockets to Toolgate or the upstream would hold the process a while longer.
    process.exit();
  };
  process.once("SIGTERM", () => void shutdown("SIGTERM"));
  process.once("SIGINT", () => void shutdown("SIGINT"));

  console.log(`toolgate-gateway: waiting for Toolgate at ${config.issuer} (keys, tools, revocations)`);
  await toolgate.ready();
  if (closing) return;
  server.once("error", (err) => {
    fail(`cannot listen on ${config.host}:${config.port}: ${err.message}`);
    void toolgate.close();
  });
  server.listen(config.port, config.host, () => {
    const address = server.address();
    const port = typeof address === "object" && address ? address.port : config.port;
    console.log(`toolgate-gateway: listening on http://${config.host}:${port}${new URL(config.resource).pathname} for ${config.resource} -> ${config.upstream}`);
  });
}

await main();
