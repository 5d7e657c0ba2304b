#!/usr/bin/env node
import { runCli } from "./cli/run-cli.js";

const code = await runCli(process.argv.slice(2));
// The command is over when runCli returns: exit now rather than when the event loop drains. After a
// shutdown that timed out, a connection that never finished would otherwise keep the process alive
// (and a clean shutdown has already closed everything). Output still buffered for a pipe goes first.
await Promise.all([flushed(process.stdout), flushed(process.stderr)]);
process.exit(code);

function flushed(stream: NodeJS.WriteStream): Promise<void> {
  return new Promise((resolve) => stream.write("", () => resolve()));
}
