import { lazy, Suspense, useState, type ComponentType, type LazyExoticComponent } from "react";
import { LoadingState } from "../components/loading-state.js";
import { PageLoadError } from "./page-load-error.js";

/**
 * A page loaded on first visit, with the usual loading state meanwhile. A failed import throws a
 * PageLoadError to the page error boundary; React.lazy would keep that rejection for good, so the
 * next mount (the boundary's Retry, or coming back to the page) imports afresh.
 */
export function lazyPage<P extends object>(load: () => Promise<ComponentType<P>>): ComponentType<P> {
  let failed = false;
  const attempt = (): LazyExoticComponent<ComponentType<P>> =>
    lazy(async () => {
      try {
        return { default: await load() };
      } catch (error) {
        failed = true;
        throw new PageLoadError(error);
      }
    });
  let current = attempt();
  const loader = () => {
    if (failed) {
      failed = false;
      current = attempt();
    }
    return current;
  };

  return function LazyPage(props: P) {
    // Chosen once per mount: re-rendering after the rejection must show the error, not import again.
    const [Lazy] = useState(loader);
    return (
      <Suspense fallback={<LoadingState />}>
        <Lazy {...props} />
      </Suspense>
    );
  };
}
