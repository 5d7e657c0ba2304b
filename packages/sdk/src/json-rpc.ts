/** JSON-RPC 2.0 messages as MCP carries them over Streamable HTTP (one message, or a batch before 2025-06-18). */
export type JsonRpcId = string | number | null;

export interface RpcMessage {
  /** Present for requests (and responses); absent for notifications. */
  id?: JsonRpcId;
  method?: string;
  params?: unknown;
}

export interface ToolCall {
  /** The JSON-RPC id of the `tools/call` request. */
  id: JsonRpcId | undefined;
  name: unknown;
  arguments: unknown;
}

export interface RpcBody {
  batch: boolean;
  messages: RpcMessage[];
}

/** The messages of a parsed body; undefined when it is not JSON-RPC at all. */
export function rpcMessages(value: unknown): RpcBody | undefined {
  const batch = Array.isArray(value);
  const items: unknown[] = batch ? value : [value];
  if (items.length === 0) return undefined;
  const messages: RpcMessage[] = [];
  for (const item of items) {
    if (typeof item !== "object" || item === null || Array.isArray(item)) return undefined;
    messages.push(item as RpcMessage);
  }
  return { batch, messages };
}

export function toolCallOf(message: RpcMessage): ToolCall | undefined {
  if (message.method !== "tools/call") return undefined;
  const params = typeof message.params === "object" && message.params !== null ? (message.params as Record<string, unknown>) : {};
  return { id: message.id, name: params.name, arguments: params.arguments };
}

export function isRequest(message: RpcMessage): boolean {
  return typeof message.method === "string" && message.id !== undefined;
}

export function rpcError(id: JsonRpcId | undefined, code: number, message: string, data?: unknown) {
  return { jsonrpc: "2.0" as const, id: id ?? null, error: { code, message, ...(data === undefined ? {} : { data }) } };
}
