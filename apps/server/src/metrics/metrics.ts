import { Counter, Histogram, Registry, collectDefaultMetrics } from "prom-client";

/** Label of a reported tool that is not registered for its MCP server. */
export const UNREGISTERED_TOOL = "(unregistered)";
/** Label of a token request that named no resource. */
export const NO_RESOURCE = "(none)";
/** Label of a token request that named a resource no MCP server is registered for. */
export const UNKNOWN_RESOURCE = "(unknown)";
/** Label of a refused token request without a grant type. */
export const NO_GRANT_TYPE = "(none)";
/** Label of a refused token request whose grant type is not one Toolgate knows. */
export const UNSUPPORTED_GRANT_TYPE = "(unsupported)";

/**
 * Prometheus metrics of one Toolgate instance (its own registry, so several instances can share a
 * process in tests). Labels are bounded: grant types, registered resources and tools, error codes.
 * Never label with a value a caller chose (a tool name, a resource indicator) unless it is
 * registered: each distinct value is a series kept in memory for the life of the process.
 */
export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "toolgate_" });
  const registers = [registry];
  return {
    registry,
    tokensIssued: new Counter({
      name: "toolgate_tokens_issued_total", help: "Access tokens issued", labelNames: ["grant_type", "resource"] as const, registers,
    }),
    tokensRefused: new Counter({
      name: "toolgate_tokens_refused_total", help: "Token requests refused", labelNames: ["grant_type", "error", "resource"] as const, registers,
    }),
    registrations: new Counter({
      name: "toolgate_client_registrations_total", help: "Clients that registered themselves", labelNames: ["kind"] as const, registers,
    }),
    toolCalls: new Counter({
      name: "toolgate_tool_call_decisions_total", help: "Tool-call decisions reported by MCP servers", labelNames: ["resource", "tool", "decision"] as const, registers,
    }),
    writesDropped: new Counter({
      name: "toolgate_writes_dropped_total", help: "Records a batched writer dropped (the database refused them, or its queue was full)",
      labelNames: ["writer", "reason"] as const, registers,
    }),
    httpDuration: new Histogram({
      name: "toolgate_http_request_duration_seconds", help: "HTTP request latency", labelNames: ["route", "method", "status"] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5], registers,
    }),
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
