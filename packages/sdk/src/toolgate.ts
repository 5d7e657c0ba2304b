import type { AuthInfo } from "./auth-info.js";
import type { AuditSink } from "./audit-event.js";
import { createToolgateAuditSink, type AuditSinkStats } from "./audit-sink-toolgate.js";
import { fetchAuthorizationServerMetadata, type AuthorizationServerMetadata } from "./authorization-server-metadata.js";
import { basicAuthorization } from "./basic-auth.js";
import { compileDenyRules } from "./deny-rules.js";
import type { ToolgateError } from "./errors.js";
import { guardRequest, type GuardOutcome, type GuardRequest } from "./guard.js";
import { createHttpClient } from "./http-client.js";
import { createIntrospectionCheck } from "./introspection.js";
import { createKeyStore } from "./key-store.js";
import { startMetadataPoller } from "./metadata-poller.js";
import { resolveOptions, type ToolgateOptions } from "./options.js";
import { prmPaths, prmUrl, type ProtectedResourceMetadata } from "./protected-resource-metadata.js";
import { noRevocationCheck, type RevocationCheck } from "./revocation-check.js";
import { createRevocationFeed, type RevocationFeed } from "./revocation-feed.js";
import { ToolCatalog } from "./tool-catalog.js";
import { checkToolCall, mayCall, OFFLINE_ACCESS, type ToolCallPolicy } from "./tool-call-policy.js";
import { createVerifier, type TokenVerifier } from "./verifier.js";

export interface Toolgate extends TokenVerifier {
  readonly resource: string;
  /** The MCP endpoint's path (the resource URI's path), which adapters protect. */
  readonly mcpPath: string;
  /** Paths the Protected Resource Metadata is served at (path-inserted form first, RFC 9728 §3.1). */
  readonly metadataPaths: string[];
  /** Absolute URL of the Protected Resource Metadata, as named in challenges. */
  readonly resourceMetadataUrl: string;
  readonly maxBodyBytes: number;
  readonly filterToolsList: boolean;
  /** The RFC 9728 document. */
  protectedResourceMetadata(): ProtectedResourceMetadata;
  /** Runs a request to the MCP endpoint through authentication and per-tool authorization (adapters call this). */
  guard(request: GuardRequest): Promise<GuardOutcome>;
  /** Why this caller may not make this tool call, or undefined if it may. */
  checkToolCall(authInfo: AuthInfo, name: string, args: unknown): ToolgateError | undefined;
  /** The tools of a `tools/list` result this caller may call. */
  filterTools<T extends { name: string }>(authInfo: AuthInfo, tools: T[]): T[];
  readonly audit: AuditSink;
  /** Resolves once keys, metadata (if fetched) and the first revocation sync are loaded. */
  ready(): Promise<void>;
  status(): ToolgateStatus;
  /** Stops polling and flushes the audit queue. */
  close(): Promise<void>;
}

export interface ToolgateStatus {
  keysLoaded: boolean;
  revocationSyncedAt: number | undefined;
  /** No successful feed sync for longer than `maxStalenessMs` (revocations made since are not known yet). */
  revocationStale: boolean;
  revocationRules: number;
  tools: number;
  audit: AuditSinkStats | undefined;
}

/**
 * Protects one MCP server (one resource) with Toolgate. Checks the options at once (TypeError),
 * then loads keys, metadata and revocations in the background; `await toolgate.ready()` before
 * listening to serve the first requests without a 503.
 */
export function createToolgate(options: ToolgateOptions): Toolgate {
  const o = resolveOptions(options);
  const http = createHttpClient(o.fetch, o.httpTimeoutMs);
  const authorization = o.credentials ? basicAuthorization(o.credentials.clientId, o.credentials.clientSecret) : "";
  let closed = false;

  let asMetadata: Promise<AuthorizationServerMetadata> | undefined;
  const discover = () => {
    asMetadata ??= fetchAuthorizationServerMetadata(http, o.issuer).catch((err: unknown) => {
      asMetadata = undefined;
      throw err;
    });
    return asMetadata;
  };

  const keys = createKeyStore({
    http,
    jwksUri: async () => (await discover()).jwks_uri,
    cooldownMs: o.jwksCooldownMs,
    maxAgeMs: o.jwksMaxAgeMs,
    retryMs: 1000,
    clock: o.clock,
    onError: o.onError,
  });

  // Declared before the feed, which tells it when the tool map changed.
  let metadata: ReturnType<typeof startMetadataPoller> | undefined;
  let toolsVersion: string | undefined;

  let feed: RevocationFeed | undefined;
  let revocation: RevocationCheck = noRevocationCheck;
  if (o.revocation === "feed") {
    feed = createRevocationFeed({
      http, keys, issuer: o.issuer, resource: o.resource, algorithms: o.algorithms, authorization,
      pollIntervalMs: o.pollIntervalMs, maxStalenessMs: o.maxStalenessMs, whenStale: o.whenFeedStale, clock: o.clock, onError: o.onError,
      // A tool's scope changed or a key was withdrawn: apply it within the same bound as a revocation.
      onToolsVersion(version) {
        if (version === toolsVersion) return;
        toolsVersion = version;
        void metadata?.refresh();
      },
      onKids: (kids) => keys.reconcile(kids),
    });
    revocation = feed;
  } else if (o.revocation === "introspection") {
    revocation = createIntrospectionCheck({
      http,
      authorization,
      endpoint: async () => {
        const endpoint = (await discover()).introspection_endpoint;
        if (!endpoint) throw new Error("the authorization server publishes no introspection_endpoint");
        return endpoint;
      },
    });
  }

  const verifier = createVerifier({
    issuer: o.issuer, resource: o.resource, resourceMetadataUrl: prmUrl(o.resource), algorithms: o.algorithms, clockToleranceSec: o.clockToleranceSec,
    maxTokenAgeSec: o.maxTokenAgeSec, keys, revocation, clock: o.clock,
  });

  const catalog = new ToolCatalog(o.tools, o.onError);
  const policy: ToolCallPolicy = { catalog, deny: compileDenyRules(o.deny), validateArguments: o.validateArguments };
  // Without the feed nothing signals a changed tool map: poll it within the revocation bound.
  const metadataRefreshMs = o.revocation === "feed" ? o.metadataRefreshMs : Math.min(o.metadataRefreshMs, Math.max(1000, Math.floor(o.maxStalenessMs / 2)));
  metadata = o.fetchMetadata
    ? startMetadataPoller({ http, issuer: o.issuer, resource: o.resource, refreshMs: metadataRefreshMs, onChange: (m) => catalog.setFetched(m.tools), onError: o.onError })
    : undefined;

  const defaultSink = o.audit === undefined ? createToolgateAuditSink({ http, issuer: o.issuer, authorization, onError: o.onError }) : undefined;
  const audit: AuditSink = o.audit === false ? { emit() {} } : (o.audit ?? defaultSink!);

  /**
   * `scopes_supported`: the minimal set for basic functionality (MCP authorization 2026-07-28 §Scope
   * Selection Strategy; more comes by step-up): the option if set, else the scopes of the read-only
   * tools, else every scope known. Never `offline_access` (§Refresh Tokens: not a resource requirement).
   */
  const basicScopes = (): string[] => {
    const fetched = metadata?.current;
    const tools = Object.values({ ...fetched?.tools, ...o.tools });
    const readOnly = tools.filter((t) => t.readOnly).map((t) => t.scope);
    const scopes = o.scopesSupported ?? (readOnly.length ? readOnly : (fetched?.scopes_supported ?? tools.map((t) => t.scope)));
    return [...new Set(scopes)].filter((s) => s !== OFFLINE_ACCESS).sort();
  };

  const resourceMetadataUrl = prmUrl(o.resource);
  const guardDeps = { verifier, policy, audit, resource: o.resource, resourceMetadataUrl, maxTokenBytes: o.maxTokenBytes, basicScopes, onError: o.onError };

  async function keysReady(): Promise<void> {
    while (!keys.loaded && !closed) {
      try {
        await keys.refresh();
      } catch {
        await new Promise((resolve) => setTimeout(resolve, 1000).unref());
      }
    }
  }
  let readyPromise: Promise<void> | undefined;

  return {
    resource: o.resource,
    mcpPath: new URL(o.resource).pathname,
    metadataPaths: prmPaths(o.resource).all,
    resourceMetadataUrl,
    maxBodyBytes: o.maxBodyBytes,
    filterToolsList: o.filterToolsList,
    audit,
    verifyAccessToken: (token) => verifier.verifyAccessToken(token),
    guard: (request) => guardRequest(guardDeps, request),
    checkToolCall: (authInfo, name, args) => checkToolCall(policy, authInfo, { id: undefined, name, arguments: args }),
    filterTools: (authInfo, tools) => (o.filterToolsList ? tools.filter((t) => mayCall(policy, authInfo, t.name)) : tools),
    protectedResourceMetadata() {
      const scopes = basicScopes();
      const name = o.resourceName ?? metadata?.current?.resource_name;
      return {
        resource: o.resource,
        // MCP authorization §Authorization Server Location: at least one, and it is this issuer.
        authorization_servers: [o.issuer],
        ...(scopes.length ? { scopes_supported: scopes } : {}),
        bearer_methods_supported: ["header"],
        ...(name ? { resource_name: name } : {}),
      };
    },
    ready() {
      readyPromise ??= Promise.all([keysReady(), metadata?.ready(), feed?.ready()]).then(() => {});
      return readyPromise;
    },
    status: () => ({
      keysLoaded: keys.loaded,
      revocationSyncedAt: feed?.syncedAt,
      revocationStale: feed !== undefined && (feed.syncedAt === undefined || o.clock() - feed.syncedAt > o.maxStalenessMs),
      revocationRules: feed?.ruleCount ?? 0,
      tools: catalog.size,
      audit: defaultSink?.stats(),
    }),
    async close() {
      closed = true;
      feed?.close();
      revocation.close();
      metadata?.close();
      // Our own sink is ours to close; a sink passed in is only flushed.
      try {
        await (defaultSink ? defaultSink.close() : audit.flush?.());
      } finally {
        http.close();
      }
    },
  };
}
