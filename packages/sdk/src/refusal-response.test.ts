import { describe, expect, it } from "vitest";
import { ToolgateError } from "./errors.js";
import { refusalAnswer } from "./refusal-response.js";

const PRM = "https://r.example/.well-known/oauth-protected-resource/mcp";

describe("refusalAnswer", () => {
  it("answers an outage 503 with Retry-After and no Bearer challenge", () => {
    const answer = refusalAnswer(new ToolgateError("toolgate_unavailable", "feed stale", { retryAfter: 2 }), PRM);
    expect(answer.status).toBe(503);
    expect(answer.headers["retry-after"]).toBe("2");
    expect(answer.headers["www-authenticate"]).toBeUndefined();
    expect(JSON.parse(answer.body)).toMatchObject({ jsonrpc: "2.0", id: null, error: { data: { code: "toolgate_unavailable" } } });
  });
  it("quotes descriptions safely in the challenge", () => {
    const answer = refusalAnswer(new ToolgateError("token_malformed", 'bad "token" \\ é'), PRM);
    expect(answer.headers["www-authenticate"]).toBe(`Bearer error="invalid_token", resource_metadata="${PRM}", error_description="bad \\"token\\" \\\\ "`);
  });
  it("carries the request id of a single message", () => {
    const answer = refusalAnswer(new ToolgateError("token_expired", "expired"), PRM, { batch: false, messages: [{ id: "abc", method: "tools/call" }] });
    expect(JSON.parse(answer.body).id).toBe("abc");
  });
});
