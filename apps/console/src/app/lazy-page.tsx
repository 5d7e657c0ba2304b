import { lazy, Suspense, type ComponentType } from "react";
import { LoadingState } from "../components/loading-state.js";

/** A page loaded on first visit, with the usual loading state meanwhile. */
export function lazyPage<P extends object>(load: () => Promise<ComponentType<P>>): ComponentType<P> {
  const Lazy = lazy(async () => ({ default: await load() }));
  return function LazyPage(props: P) {
    return (
      <Suspense fallback={<LoadingState />}>
        <Lazy {...props} />
      </Suspense>
    );
  };
}
