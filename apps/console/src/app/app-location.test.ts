import { describe, expect, it } from "vitest";
import { appPaths, issuerFromLocation } from "./app-location.js";

describe("issuerFromLocation", () => {
  it("is the origin when the console is at the root", () => {
    expect(issuerFromLocation({ origin: "https://auth.example.com", pathname: "/console/servers/1" })).toBe("https://auth.example.com");
  });
  it("keeps a path prefix in front of /console", () => {
    expect(issuerFromLocation({ origin: "https://example.com", pathname: "/toolgate/console/" })).toBe("https://example.com/toolgate");
  });
  it("derives the API, router basename and redirect URIs", () => {
    expect(appPaths({ origin: "https://example.com", pathname: "/tg/console/audit" })).toEqual({
      issuer: "https://example.com/tg",
      basename: "/tg/console",
      api: "https://example.com/tg/api/admin",
      redirectUri: "https://example.com/tg/console/callback",
      postLogoutRedirectUri: "https://example.com/tg/console/",
    });
  });
});
