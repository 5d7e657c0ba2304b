import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { claudeCodeCommand, GATEWAY_PACKAGE_NOTE, gatewayCommand, protectedResourceMetadataUrl, sdkSnippet, serverEnv, serverKey, vsCodeConfig, type ConnectTarget } from "./connect-snippets.js";

const target: ConnectTarget = {
  issuer: "https://auth.example.com",
  name: "Research Server",
  resourceUri: "https://research.example.com/mcp",
  scopes: ["research:read"],
  serverClientId: null,
};

describe("connect snippets", () => {
  it("name the server with a safe key", () => {
    expect(serverKey("Research Server")).toBe("research-server");
    expect(serverKey("  ### ")).toBe("mcp");
  });
  it("give the exact values for Claude and VS Code", () => {
    expect(claudeCodeCommand(target)).toBe("claude mcp add --transport http research-server https://research.example.com/mcp");
    expect(JSON.parse(vsCodeConfig(target))).toEqual({ servers: { "research-server": { type: "http", url: "https://research.example.com/mcp" } } });
  });
  it("place the protected resource metadata as RFC 9728 §3.1 says", () => {
    expect(protectedResourceMetadataUrl("https://research.example.com/mcp")).toBe("https://research.example.com/.well-known/oauth-protected-resource/mcp");
    expect(protectedResourceMetadataUrl("https://research.example.com/")).toBe("https://research.example.com/.well-known/oauth-protected-resource");
  });
  it("write an SDK snippet for this server's issuer, resource and path", () => {
    const code = sdkSnippet(target);
    expect(code).toContain('resource: process.env.RESOURCE ?? "https://research.example.com/mcp"');
    expect(serverEnv(target)).toContain("RESOURCE=https://research.example.com/mcp");
    // The SDK measures the body it reads: it goes before the JSON parser.
    expect(code.indexOf("toolgateExpress(toolgate)")).toBeLessThan(code.indexOf("express.json()"));
    expect(code).toContain('issuer: process.env.TOOLGATE_ISSUER ?? "https://auth.example.com"');
    expect(code).toContain('app.post("/mcp"');
  });
  it("start the gateway at this server's resource URI, with the variables toolgate-gateway reads", () => {
    const command = gatewayCommand({ ...target, resourceUri: "http://localhost:3100/mcp", serverClientId: "mcp-research" });
    for (const variable of ["TOOLGATE_ISSUER=https://auth.example.com", "RESOURCE=http://localhost:3100/mcp", "UPSTREAM=", "TOOLGATE_CLIENT_ID=mcp-research", "TOOLGATE_CLIENT_SECRET=", "PORT=3100"]) {
      expect(command).toContain(variable);
    }
    // The bin is in @toolgate/sdk: a bare `npx toolgate-gateway` resolves nothing outside this repository.
    expect(command.trim().split("\n").at(-1)).toBe("npx -y -p @toolgate/sdk toolgate-gateway");
  });
  it("say how to get the gateway before the first npm release: the tarball, as the SDK's README says", () => {
    expect(GATEWAY_PACKAGE_NOTE).toContain("pnpm pack");
    expect(GATEWAY_PACKAGE_NOTE).toMatch(/npm install.*\.tgz/);
    const readme = readFileSync(fileURLToPath(new URL("../../../../../../packages/sdk/README.md", import.meta.url)), "utf8");
    expect(readme).toContain("npx -y -p @toolgate/sdk toolgate-gateway");
    expect(readme).toMatch(/npx -y pnpm@10 pack/);
  });
});
