import type { AuthInfo } from "../auth-info.js";
import { ToolgateError } from "../errors.js";
import { errorMessage } from "../refusal-response.js";
import type { Toolgate } from "../toolgate.js";

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON-RPC messages of either MCP SDK, inspected structurally
type JSONRPCMessage = any;
type MessageExtraInfo = { authInfo?: AuthInfo } & Record<string, unknown>;

/**
 * The `Transport` of both MCP SDKs, structurally (v1 `@modelcontextprotocol/sdk/shared/transport.js`,
 * v2 `@modelcontextprotocol/server`'s `Transport`), so this module imports neither.
 */
export interface McpTransport {
  start(): Promise<void>;
  send(message: JSONRPCMessage, options?: unknown): Promise<void>;
  close(): Promise<void>;
  onclose?: (() => void) | undefined;
  onerror?: ((error: Error) => void) | undefined;
  onmessage?: ((message: JSONRPCMessage, extra?: MessageExtraInfo) => void) | undefined;
  sessionId?: string | undefined;
  setProtocolVersion?: ((version: string) => void) | undefined;
  /** v2 only. */
  setSupportedProtocolVersions?: ((versions: string[]) => void) | undefined;
}

/**
 * Wraps an MCP SDK transport (v1 or v2) between it and the server (`server.connect(guardTransport(toolgate, transport))`):
 *
 * - `tools/list` answers keep only the tools the caller may call (`filterToolsList`, default on);
 * - a `tools/call` that reaches the transport without an allowed identity — the HTTP guard was
 *   mounted on another path, say — is answered with an error and never reaches the server: a second
 *   lock behind the HTTP one, not a replacement for it.
 */
export function guardTransport<T extends McpTransport>(toolgate: Toolgate, inner: T): T {
  const listCallers = new Map<string, AuthInfo>();
  const key = (id: unknown) => `${typeof id}:${String(id)}`;

  const outer: McpTransport = {
    start: () => inner.start(),
    close: () => inner.close(),
    get sessionId() {
      return inner.sessionId;
    },
    setProtocolVersion: (version: string) => inner.setProtocolVersion?.(version),
    ...(inner.setSupportedProtocolVersions ? { setSupportedProtocolVersions: (versions: string[]) => inner.setSupportedProtocolVersions!(versions) } : {}),
    async send(message: JSONRPCMessage, options?: unknown) {
      if ("result" in message && listCallers.has(key(message.id))) {
        const auth = listCallers.get(key(message.id))!;
        listCallers.delete(key(message.id));
        const tools = (message.result as { tools?: unknown }).tools;
        if (Array.isArray(tools)) {
          message = { ...message, result: { ...message.result, tools: toolgate.filterTools(auth, tools as { name: string }[]) } };
        }
      } else if ("error" in message) {
        listCallers.delete(key(message.id));
      }
      return inner.send(message, options);
    },
  };

  inner.onclose = () => outer.onclose?.();
  inner.onerror = (error: Error) => outer.onerror?.(error);
  inner.onmessage = (message: JSONRPCMessage, extra?: MessageExtraInfo) => {
    if ("method" in message && "id" in message) {
      const auth = extra?.authInfo;
      if (message.method === "tools/list" && auth && toolgate.filterToolsList) listCallers.set(key(message.id), auth);
      if (message.method === "tools/call") {
        const params = (message.params ?? {}) as { name?: unknown; arguments?: unknown };
        const refusal = auth
          ? toolgate.checkToolCall(auth, typeof params.name === "string" ? params.name : "", params.arguments)
          : new ToolgateError("token_missing", "tools/call without an authenticated caller");
        if (refusal) {
          void inner.send(errorMessage(refusal, message.id) as JSONRPCMessage, { relatedRequestId: message.id }).catch((err: unknown) => outer.onerror?.(err as Error));
          return;
        }
      }
    }
    outer.onmessage?.(message, extra);
  };
  return outer as T;
}
