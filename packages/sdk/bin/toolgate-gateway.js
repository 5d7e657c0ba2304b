#!/usr/bin/env node
// Launcher: the gateway is compiled to dist/ by `pnpm build`. This file exists before any build,
// so installing the workspace can link the command.
try {
  await import("../dist/bin/toolgate-gateway.js");
} catch (err) {
  if (err?.code === "ERR_MODULE_NOT_FOUND" && String(err.message).includes("dist/bin/toolgate-gateway.js")) {
    process.stderr.write("toolgate-gateway: @toolgate/sdk is not built yet; run `pnpm build` first\n");
    process.exit(1);
  }
  throw err;
}
