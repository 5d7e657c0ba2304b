import { Component, type ReactNode } from "react";
import { PageLoadError } from "../app/page-load-error.js";
import { ErrorState } from "../components/error-state.js";
import { PageHeader } from "../components/page-header.js";

interface PageErrorBoundaryProps {
  /** Changes on every navigation: a new page starts without the last one's error. */
  resetKey: string;
  children: ReactNode;
}

interface PageErrorBoundaryState {
  error: unknown;
  resetKey: string;
}

/**
 * Around the routed page, inside the shell: a page whose code does not arrive, or that throws while
 * rendering, shows what happened and a Retry instead of unmounting the console to a blank page; the
 * navigation stays usable. Retry mounts the page again (a lazily loaded page imports afresh). React
 * still reports the error to the browser console (createRoot's default onCaughtError).
 */
export class PageErrorBoundary extends Component<PageErrorBoundaryProps, PageErrorBoundaryState> {
  override state: PageErrorBoundaryState = { error: undefined, resetKey: this.props.resetKey };

  static getDerivedStateFromError(error: unknown): Partial<PageErrorBoundaryState> {
    // `undefined` thrown still counts as a failure.
    return { error: error ?? new Error("The page failed without saying why.") };
  }

  static getDerivedStateFromProps(props: PageErrorBoundaryProps, state: PageErrorBoundaryState): Partial<PageErrorBoundaryState> | null {
    return props.resetKey === state.resetKey ? null : { error: undefined, resetKey: props.resetKey };
  }

  private readonly retry = () => this.setState({ error: undefined });

  override render() {
    const { error } = this.state;
    if (error === undefined) return this.props.children;
    return (
      <>
        <PageHeader title={error instanceof PageLoadError ? "This page could not be loaded" : "This page could not be shown"} />
        <ErrorState error={error} onRetry={this.retry} />
      </>
    );
  }
}
