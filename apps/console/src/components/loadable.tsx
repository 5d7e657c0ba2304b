import type { ReactNode } from "react";
import type { Resource } from "../hooks/use-resource.js";
import { ErrorState } from "./error-state.js";
import { LoadingState } from "./loading-state.js";

/** Loading, error (with retry) or the content — the three states every page has. */
export function Loadable<T>({ resource, children, backTo }: { resource: Resource<T>; children: (data: T) => ReactNode; backTo?: { href: string; label: string } }) {
  if (resource.loading && resource.data === undefined) return <LoadingState />;
  if (resource.error !== undefined) return <ErrorState error={resource.error} onRetry={resource.reload} backTo={backTo} />;
  if (resource.data === undefined) return <LoadingState />;
  return <>{children(resource.data)}</>;
}
