import { PATHS } from "../../../app/paths.js";
import type { ServerDetail } from "../../../api/types.js";
import { CodeBlock, CopyField } from "../../../components/code-block.js";
import { claudeCodeCommand, GATEWAY_PACKAGE_NOTE, gatewayCommand, inspectorCommand, protectedResourceMetadataUrl, sdkSnippet, serverEnv, vsCodeConfig, type ConnectTarget } from "./connect-snippets.js";

/** The exact values to paste into each MCP client, and the SDK code for the server itself. */
export function ConnectPanel({ server }: { server: ServerDetail }) {
  const target: ConnectTarget = {
    issuer: PATHS.issuer,
    name: server.name,
    resourceUri: server.resourceUri,
    scopes: server.scopes.map((s) => s.name),
    serverClientId: server.clientId,
  };
  return (
    <section aria-labelledby="connect-heading" className="connect">
      <div className="panel-header">
        <h2 id="connect-heading">Connect</h2>
      </div>
      <p className="muted">
        MCP clients discover Toolgate from the server's Protected Resource Metadata, register themselves and get the default role
        {server.requireApproval ? " once an administrator approves them" : ""}. No client secret to hand out.
      </p>

      <div className="connect-grid">
        <article className="card connect-card">
          <h3>Claude</h3>
          <p className="muted small">Settings → Connectors → Add custom connector.</p>
          <CopyField label="Name" value={server.name} />
          <CopyField label="Remote MCP server URL" value={server.resourceUri} />
          <p className="muted small">Claude Code:</p>
          <CodeBlock code={claudeCodeCommand(target)} label="terminal" />
        </article>

        <article className="card connect-card">
          <h3>VS Code</h3>
          <p className="muted small">
            Add to <code>.vscode/mcp.json</code> (or run “MCP: Add Server…” → HTTP and paste the URL).
          </p>
          <CodeBlock code={vsCodeConfig(target)} label=".vscode/mcp.json" />
        </article>

        <article className="card connect-card">
          <h3>MCP Inspector</h3>
          <CodeBlock code={inspectorCommand()} label="terminal" />
          <CopyField label="Transport type" value="Streamable HTTP" />
          <CopyField label="URL" value={server.resourceUri} />
          <p className="muted small">Open Auth Settings → Quick OAuth Flow, then Connect and List Tools.</p>
        </article>

        <article className="card connect-card">
          <h3>Discovery</h3>
          <CopyField label="Authorization server" value={PATHS.issuer} />
          <CopyField label="Protected resource metadata" value={protectedResourceMetadataUrl(server.resourceUri)} />
          <p className="muted small">The MCP server (or the SDK) serves that document; Toolgate provides its content at</p>
          <CopyField label="Metadata source" value={`${PATHS.issuer}/api/resources/${server.id}/metadata`} />
        </article>
      </div>

      <article className="card connect-card">
        <h3>Protect the server with @toolgate/sdk</h3>
        <p className="muted small">The server's environment (issue its credentials in the details above; the secret is shown once):</p>
        <CodeBlock code={serverEnv(target)} label=".env" />
        <CodeBlock code={sdkSnippet(target)} label="server.ts" />
      </article>

      <article className="card connect-card">
        <h3>Or put the gateway in front of it</h3>
        <p className="muted small">
          For an MCP server with no auth code: <code>toolgate-gateway</code> (from @toolgate/sdk) answers at this resource URI with the same checks and forwards
          allowed calls to the server at <code>UPSTREAM</code>, never with the caller's token, adding <code>x-toolgate-subject</code>, <code>-client-id</code>,{" "}
          <code>-scopes</code> and <code>-actor</code> headers.
        </p>
        <CodeBlock code={gatewayCommand(target)} label="shell" />
        <p className="muted small">{GATEWAY_PACKAGE_NOTE}</p>
      </article>
    </section>
  );
}
