import { useCallback } from "react";
import { useSearchParams } from "react-router";

/**
 * List state (search, filters, page) in the URL: shareable, kept by back/forward and by a reload.
 * Changing anything but the page goes back to page 1.
 */
export function useUrlState<K extends string>(keys: readonly K[]) {
  const [params, setParams] = useSearchParams();
  const values = Object.fromEntries(keys.map((k) => [k, params.get(k) ?? ""])) as Record<K, string>;
  const page = Math.max(1, Number(params.get("page")) || 1);

  const update = useCallback((changes: Partial<Record<K | "page", string | number | undefined>>) => {
    setParams((prev) => {
      const next = new URLSearchParams(prev);
      for (const [k, v] of Object.entries(changes)) {
        if (v === undefined || v === "" || (k === "page" && Number(v) <= 1)) next.delete(k);
        else next.set(k, String(v));
      }
      if (!("page" in changes)) next.delete("page");
      return next;
    }, { replace: true });
  }, [setParams]);

  return { values, page, update };
}
