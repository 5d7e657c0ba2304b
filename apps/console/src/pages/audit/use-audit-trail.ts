import { useCallback, useEffect, useRef, useState } from "react";
import { auditApi } from "../../api/audit-api.js";
import type { AuditEvent, AuditFilter } from "../../api/types.js";
import { mergeNewest } from "./audit-filter-state.js";

const PAGE = 50;
const TAIL_MS = 3000;

export interface AuditTrail {
  items: AuditEvent[];
  loading: boolean;
  error: unknown;
  hasOlder: boolean;
  loadingOlder: boolean;
  olderError: unknown;
  loadOlder: () => void;
  reload: () => void;
  /** Ids that arrived through the live tail (highlighted briefly). */
  fresh: ReadonlySet<string>;
  tailError: unknown;
}

/**
 * The audit trail for a filter: newest first, older pages on demand (cursor), and while `live`,
 * newer events polled every few seconds (`after` the newest shown).
 */
export function useAuditTrail(filter: AuditFilter, live: boolean): AuditTrail {
  const key = JSON.stringify(filter);
  const [state, setState] = useState<{ items: AuditEvent[]; cursor: string | null; loading: boolean; error: unknown }>({ items: [], cursor: null, loading: true, error: undefined });
  const [older, setOlder] = useState<{ loading: boolean; error: unknown }>({ loading: false, error: undefined });
  const [fresh, setFresh] = useState<ReadonlySet<string>>(new Set());
  const [tailError, setTailError] = useState<unknown>();
  const [nonce, setNonce] = useState(0);
  const itemsRef = useRef<AuditEvent[]>([]);
  itemsRef.current = state.items;

  useEffect(() => {
    const controller = new AbortController();
    setState((s) => ({ ...s, loading: true, error: undefined }));
    auditApi.list({ ...filter, limit: PAGE }, controller.signal).then(
      (page) => setState({ items: page.items, cursor: page.nextCursor, loading: false, error: undefined }),
      (error: unknown) => !controller.signal.aborted && setState({ items: [], cursor: null, loading: false, error }),
    );
    return () => controller.abort();
    // The filter is compared by value (key), not identity.
  }, [key, nonce]);

  useEffect(() => {
    if (!live || state.loading || state.error) return;
    let controller: AbortController | undefined;
    const tick = async () => {
      controller = new AbortController();
      const newest = itemsRef.current[0]?.id ?? "0";
      try {
        const page = await auditApi.tail({ ...filter, after: newest, limit: 200 }, controller.signal);
        setTailError(undefined);
        if (page.items.length) {
          setState((s) => ({ ...s, items: mergeNewest(s.items, page.items) }));
          setFresh(new Set(page.items.map((e) => e.id)));
        }
      } catch (error) {
        if (!controller.signal.aborted) setTailError(error);
      }
    };
    const timer = setInterval(() => void tick(), TAIL_MS);
    void tick();
    return () => {
      clearInterval(timer);
      controller?.abort();
    };
  }, [live, key, state.loading, state.error]);

  const loadOlder = useCallback(() => {
    if (!state.cursor) return;
    setOlder({ loading: true, error: undefined });
    auditApi.list({ ...filter, cursor: state.cursor, limit: PAGE }).then(
      (page) => {
        setState((s) => ({ ...s, items: [...s.items, ...page.items.filter((e) => !s.items.some((x) => x.id === e.id))], cursor: page.nextCursor }));
        setOlder({ loading: false, error: undefined });
      },
      (error: unknown) => setOlder({ loading: false, error }),
    );
  }, [state.cursor, key]);

  return {
    items: state.items,
    loading: state.loading,
    error: state.error,
    hasOlder: state.cursor !== null,
    loadingOlder: older.loading,
    olderError: older.error,
    loadOlder,
    reload: () => setNonce((n) => n + 1),
    fresh,
    tailError,
  };
}
