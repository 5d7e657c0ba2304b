import { describe, expect, it } from "vitest";
import { isStorableText, storableJson, storableText, writeIsolating } from "./batch-isolation.js";

const dataError = Object.assign(new Error("invalid byte sequence"), { code: "22021" });
const connectionError = Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" });

describe("writeIsolating", () => {
  it("writes everything but the records the database refuses, in order, with few statements", async () => {
    const written: number[] = [];
    const dropped: number[] = [];
    let statements = 0;
    const result = await writeIsolating([1, 2, 3, 4, 5, 6, 7, 8], async (records) => {
      statements++;
      if (records.includes(3) || records.includes(6)) throw dataError;
      written.push(...records);
    }, { reachable: async () => true, onDropped: (r) => void dropped.push(r) });
    expect(result).toEqual({ handled: 8 });
    expect(written).toEqual([1, 2, 4, 5, 7, 8]);
    expect(dropped).toEqual([3, 6]);
    expect(statements).toBeLessThanOrEqual(2 * 8);
  });

  it("isolates on an unclassified error too, when the database answers", async () => {
    const dropped: string[] = [];
    const result = await writeIsolating(["a", "b"], async (records) => {
      if (records.includes("b")) throw new Error("something about b");
    }, { reachable: async () => true, onDropped: (r) => void dropped.push(r) });
    expect(result.handled).toBe(2);
    expect(dropped).toEqual(["b"]);
  });

  it("keeps the batch (drops nothing) when the database cannot be reached", async () => {
    const dropped: number[] = [];
    const result = await writeIsolating([1, 2, 3], async () => {
      throw connectionError;
    }, { reachable: async () => false, onDropped: (r) => void dropped.push(r) });
    expect(result.handled).toBe(0);
    expect(result.unavailable).toBe(connectionError);
    expect(dropped).toEqual([]);
  });

  it("reports what was handled before the database went away mid-isolation", async () => {
    let up = true;
    const result = await writeIsolating([1, 2, 3, 4], async (records) => {
      if (!up) throw connectionError;
      if (records.length > 1) throw dataError;
      up = false; // 1 written, then the database goes away
    }, { reachable: async () => up, onDropped: () => {} });
    expect(result.handled).toBe(1);
    expect(result.unavailable).toBe(connectionError);
  });
});

describe("storableText", () => {
  it.each([
    ["NUL", "a\u0000b", "a\uFFFDb"],
    ["lone high surrogate", "a\ud800b", "a\uFFFDb"],
    ["lone low surrogate", "\udc00b", "\uFFFDb"],
    ["high surrogate at the end", "ab\ud83d", "ab\uFFFD"],
    ["a real pair stays", "ok\ud83d\ude00", "ok\ud83d\ude00"],
    ["plain text stays", "alice@example.com", "alice@example.com"],
  ])("%s", (_name, input, expected) => {
    expect(storableText(input)).toBe(expected);
    expect(isStorableText(expected)).toBe(true);
    expect(isStorableText(input)).toBe(input === expected);
  });

  it("cleans keys and values of nested JSON", () => {
    expect(storableJson({ "k\u0000": ["\ud800", { n: "x\u0000" }], n: 1, b: true, z: null })).toEqual({ "k\uFFFD": ["\uFFFD", { n: "x\uFFFD" }], n: 1, b: true, z: null });
  });
});
