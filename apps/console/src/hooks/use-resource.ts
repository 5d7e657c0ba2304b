import { useCallback, useEffect, useRef, useState } from "react";

export interface Resource<T> {
  data: T | undefined;
  error: unknown;
  /** True while the first load (or a load after the inputs changed) is under way. */
  loading: boolean;
  /** True while reloading data already shown. */
  refreshing: boolean;
  reload: () => void;
  /** Replace the data locally (after a mutation returned the new record). */
  set: (data: T) => void;
}

/**
 * Loads data for a page: aborts on unmount or when `deps` change, keeps the last data while
 * reloading (no flicker), and exposes the error for the page's error state.
 */
export function useResource<T>(load: (signal: AbortSignal) => Promise<T>, deps: readonly unknown[]): Resource<T> {
  const [state, setState] = useState<{ data: T | undefined; error: unknown; loading: boolean; refreshing: boolean }>({
    data: undefined, error: undefined, loading: true, refreshing: false,
  });
  const [nonce, setNonce] = useState(0);
  const loadRef = useRef(load);
  loadRef.current = load;
  const depsKey = JSON.stringify(deps);
  const lastKey = useRef<string | undefined>(undefined);

  useEffect(() => {
    const controller = new AbortController();
    const sameInputs = lastKey.current === depsKey;
    lastKey.current = depsKey;
    setState((s) => ({ ...s, error: undefined, loading: !sameInputs || s.data === undefined, refreshing: sameInputs && s.data !== undefined }));
    loadRef.current(controller.signal).then(
      (data) => !controller.signal.aborted && setState({ data, error: undefined, loading: false, refreshing: false }),
      (error: unknown) => !controller.signal.aborted && setState((s) => ({ ...s, error, loading: false, refreshing: false })),
    );
    return () => controller.abort();
  }, [depsKey, nonce]);

  const reload = useCallback(() => setNonce((n) => n + 1), []);
  const set = useCallback((data: T) => setState({ data, error: undefined, loading: false, refreshing: false }), []);
  return { ...state, reload, set };
}
