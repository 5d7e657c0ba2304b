/**
 * A closed-loop load generator: `concurrency` workers each send a request, wait for the answer,
 * send the next, for `durationMs`. Returns completed requests per second. Both sides of every
 * comparison run through this same loop in the same process, so its own cost cancels out in the
 * ratio.
 */
export async function measure(
  send: () => Promise<boolean>,
  { concurrency = 16, durationMs = 5000, warmupMs = 1000 } = {},
): Promise<{ perSecond: number; ok: number; failed: number }> {
  const run = async (ms: number) => {
    let ok = 0;
    let failed = 0;
    const until = Date.now() + ms;
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (Date.now() < until) {
          if (await send().catch(() => false)) ok++;
          else failed++;
        }
      }),
    );
    return { ok, failed };
  };
  await run(warmupMs);
  const started = performance.now();
  const { ok, failed } = await run(durationMs);
  const seconds = (performance.now() - started) / 1000;
  return { perSecond: ok / seconds, ok, failed };
}

export function formatRate(n: number): string {
  return `${n.toFixed(0)}/s`;
}
