import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { sseRewriter } from "./sse-filter.js";

async function run(chunks: (string | Buffer)[], rewrite: (data: unknown) => unknown, done = () => false, max = 1024): Promise<string> {
  let out = "";
  for await (const chunk of Readable.from(chunks.map((c) => Buffer.from(c))).pipe(sseRewriter(rewrite, done, max))) out += String(chunk);
  return out;
}

const mark = (data: unknown) => ((data as { id?: unknown }).id === 1 ? { ...(data as object), filtered: true } : undefined);

describe("sseRewriter", () => {
  it("rewrites the matching event, keeps its other fields, and passes the rest byte for byte", async () => {
    const stream = ': comment\n\nevent: message\nid: a\ndata: {"id":2}\n\nevent: message\nid: b\ndata: {"id":1}\n\ndata: not json\n\n';
    expect(await run([stream], mark)).toBe(': comment\n\nevent: message\nid: a\ndata: {"id":2}\n\nevent: message\nid: b\ndata: {"id":1,"filtered":true}\n\ndata: not json\n\n');
  });

  it("joins multi-line data and handles CRLF and CR line ends split across chunks", async () => {
    const out = await run(["event: message\r", "\ndata: {\"id\":\r\ndata: 1}\r", "\n\r", "\ndata: {\"id\":3}\r\r"], mark);
    expect(out).toBe('event: message\ndata: {"id":1,"filtered":true}\n\ndata: {"id":3}\r\r');
  });

  it("keeps a character split across chunks whole, before and after it stops parsing", async () => {
    const bytes = Buffer.from('data: {"id":2,"t":"é"}\n\ndata: {"id":1}\n\ndata: "ü"\n\n');
    const at = bytes.indexOf(Buffer.from("é")) + 1;
    const late = bytes.lastIndexOf(Buffer.from("ü")) + 1;
    let rewritten = 0;
    const out = await run([bytes.subarray(0, at), bytes.subarray(at, late), bytes.subarray(late)], (d) => (rewritten++, mark(d)), () => rewritten >= 2);
    expect(out).toBe('data: {"id":2,"t":"é"}\n\ndata: {"id":1,"filtered":true}\n\ndata: "ü"\n\n');
  });

  it("fails the stream on an event over the limit rather than pass it unfiltered", async () => {
    await expect(run([`data: "${"x".repeat(2000)}`], mark)).rejects.toThrow(/over 1024 bytes/);
  });

  it("filters an unterminated last event too, and passes any other through at the end", async () => {
    expect(await run(['data: {"id":1}'], mark)).toBe('data: {"id":1,"filtered":true}\n\n');
    expect(await run(['data: {"id":2}'], mark)).toBe('data: {"id":2}');
  });
});
