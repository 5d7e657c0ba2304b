import { describe, expect, it } from "vitest";
import { createHttpClient, type Fetch } from "./http-client.js";

/** A Toolgate that never answers: the request ends only when its signal aborts. */
const hanging: Fetch = (_input, init) =>
  new Promise((_resolve, reject) => init!.signal!.addEventListener("abort", () => reject(init!.signal!.reason), { once: true }));

describe("createHttpClient", () => {
  it("aborts the requests in flight when closed, and refuses new ones", async () => {
    const http = createHttpClient(hanging, 60_000);
    const inFlight = http.request("https://toolgate.example/api/revocations");
    http.close();
    await expect(inFlight).rejects.toThrow(/closed/);
    await expect(http.request("https://toolgate.example/api/revocations")).rejects.toThrow(/closed/);
  });

  it("still times out a request that hangs", async () => {
    const http = createHttpClient(hanging, 20);
    await expect(http.request("https://toolgate.example/jwks")).rejects.toThrow(/timeout|aborted/i);
  });
});
