import { Transform, type TransformCallback } from "node:stream";
import { StringDecoder } from "node:string_decoder";

/**
 * A text/event-stream, event by event (HTML Living Standard §9.2.6 "Interpreting an event
 * stream": lines end with CRLF, LF or CR; a blank line ends an event). `rewrite` gets the JSON of
 * each event's `data` and returns a replacement, or undefined to keep the event byte for byte;
 * once `done()` says nothing more is to be rewritten, the rest of the stream passes through
 * unparsed. An event longer than `maxEventBytes` fails the stream (nothing unfiltered leaks).
 */
export function sseRewriter(rewrite: (data: unknown) => unknown, done: () => boolean, maxEventBytes: number): Transform {
  const decoder = new StringDecoder("utf8");
  let buffer = "";
  let passthrough = false;

  const takeEvents = (final: boolean): string => {
    let out = "";
    let eventStart = 0;
    let lineStart = 0;
    let i = 0;
    while (i < buffer.length) {
      const c = buffer[i];
      if (c !== "\n" && c !== "\r") {
        i++;
        continue;
      }
      // A CR at the end of what we have may be the first half of a CRLF: wait for the next chunk.
      if (c === "\r" && i + 1 === buffer.length && !final) break;
      const end = c === "\r" && buffer[i + 1] === "\n" ? i + 2 : i + 1;
      if (i === lineStart) {
        out += rewriteEvent(buffer.slice(eventStart, end));
        eventStart = end;
      }
      lineStart = end;
      i = end;
    }
    const rest = buffer.slice(eventStart);
    buffer = rest;
    if (final && rest) {
      // Clients discard an unterminated last event (the standard says so); a lenient one might not, so it is filtered too.
      out += rewriteEvent(rest);
      buffer = "";
    }
    return out;
  };

  const rewriteEvent = (raw: string): string => {
    if (passthrough) return raw;
    const lines = raw.split(/\r\n|\r|\n/);
    const data = lines.filter((l) => l === "data" || l.startsWith("data:")).map((l) => fieldValue(l));
    if (data.length === 0) return raw;
    let parsed: unknown;
    try {
      parsed = JSON.parse(data.join("\n"));
    } catch {
      return raw;
    }
    const replaced = rewrite(parsed);
    if (replaced === undefined) return raw;
    // Other fields (event, id, retry, comments) stay; the data becomes one line of the new JSON.
    const kept = lines.filter((l) => l !== "" && l !== "data" && !l.startsWith("data:"));
    return [...kept, `data: ${JSON.stringify(replaced)}`, "", ""].join("\n");
  };

  return new Transform({
    transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback) {
      // Still decoded in passthrough: the decoder may hold the first bytes of a character.
      if (passthrough) return callback(null, decoder.write(chunk));
      buffer += decoder.write(chunk);
      const out = takeEvents(false);
      if (done()) {
        passthrough = true;
        const rest = buffer;
        buffer = "";
        return callback(null, out + rest);
      }
      if (Buffer.byteLength(buffer) > maxEventBytes) return callback(new Error(`an event of the upstream's event stream is over ${maxEventBytes} bytes`));
      callback(null, out);
    },
    flush(callback: TransformCallback) {
      if (passthrough) return callback(null, decoder.end());
      buffer += decoder.end();
      callback(null, takeEvents(true));
    },
  });
}

/** `data: x` → `x`, `data:x` → `x`, `data` → `` (one space after the colon is dropped, as the standard says). */
function fieldValue(line: string): string {
  const value = line.slice("data:".length);
  return value.startsWith(" ") ? value.slice(1) : value;
}
