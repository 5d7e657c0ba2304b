import { useCallback, useState } from "react";
import { toApiError, type ApiError } from "../api/api-error.js";

export interface Action {
  /** True while an action runs (buttons that start one are disabled). */
  busy: boolean;
  /** Why the last action failed, for an ActionError next to it. */
  error: ApiError | undefined;
  /** Runs a change; resolves to whether it succeeded (a failure is kept in `error`, never thrown). */
  run: (action: () => Promise<unknown>) => Promise<boolean>;
  clearError: () => void;
}

/** A change started from a button (bind a role, approve, rotate a secret…): busy while it runs, its error kept. */
export function useAction(): Action {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError>();
  const run = useCallback(async (action: () => Promise<unknown>) => {
    setBusy(true);
    setError(undefined);
    try {
      await action();
      return true;
    } catch (e) {
      setError(toApiError(e));
      return false;
    } finally {
      setBusy(false);
    }
  }, []);
  const clearError = useCallback(() => setError(undefined), []);
  return { busy, error, run, clearError };
}
