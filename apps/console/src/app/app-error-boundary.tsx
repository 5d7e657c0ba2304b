import { Component, type ReactNode } from "react";
import { Logo } from "../components/logo.js";

interface AppErrorBoundaryState {
  error: unknown;
}

/**
 * The last resort, around everything in main.tsx (sign-in gate, router, shell): an error outside a
 * page — in the navigation, the header, the sign-in gate — would otherwise unmount the console to a
 * blank page. Pages have their own boundary inside the shell (layout/page-error-boundary.tsx); this
 * one cannot rely on the shell, the router or the session, so it is plain markup and a Reload, which
 * starts the console afresh (a live sign-in session brings the admin straight back). React still
 * reports the error to the browser console.
 */
export class AppErrorBoundary extends Component<{ children: ReactNode }, AppErrorBoundaryState> {
  override state: AppErrorBoundaryState = { error: undefined };

  static getDerivedStateFromError(error: unknown): AppErrorBoundaryState {
    // `undefined` thrown still counts as a failure.
    return { error: error ?? new Error("The console failed without saying why.") };
  }

  override render() {
    const { error } = this.state;
    if (error === undefined) return this.props.children;
    return (
      <main className="splash splash-problem">
        <Logo />
        <h1>Toolgate's console hit an error</h1>
        <p className="muted">Something in the console itself failed, so it cannot go on. Reloading usually fixes it; if it keeps happening, the browser's console has the details.</p>
        {error instanceof Error && error.message && <p className="muted small mono splash-detail">{error.message}</p>}
        <div className="state-action">
          <button type="button" className="btn btn-primary" onClick={() => window.location.reload()}>
            Reload
          </button>
        </div>
      </main>
    );
  }
}
