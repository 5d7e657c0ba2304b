import { useEffect, useState, type ReactNode } from "react";
import { PATHS } from "../app/paths.js";
import { Logo } from "../components/logo.js";
import { oauth, signOut, tokens } from "./auth-session.js";
import { OAuthError } from "./token-set.js";

type GateState = { kind: "working" } | { kind: "ready" } | { kind: "error"; error: unknown };

/** Once per page load, however often React runs the effect (StrictMode runs it twice in development). */
let signingIn: Promise<void> | undefined;

function signInOnce(): Promise<void> {
  signingIn ??= (async () => {
    const url = new URL(window.location.href);
    if (url.pathname === `${PATHS.basename}/callback`) {
      try {
        const { tokens: set, returnTo } = await oauth.completeSignIn(url);
        tokens.set(set);
        window.history.replaceState(null, "", returnTo);
      } catch (error) {
        // The code is single-use: leave no URL behind that a reload would replay.
        window.history.replaceState(null, "", `${PATHS.basename}/callback`);
        throw error;
      }
      return;
    }
    const { pathname, search, hash } = window.location;
    await oauth.startSignIn(`${pathname}${search}${hash}`);
    // The browser is leaving for the authorization endpoint: stay on the splash.
    await new Promise<never>(() => {});
  })();
  return signingIn;
}

/**
 * Nothing of the console renders before the admin is signed in. On the callback URL the code is
 * exchanged and the browser goes back to where the admin was; anywhere else with no token (first
 * visit, reload) the browser goes to the authorization endpoint — with a live sign-in session the
 * server sends it straight back, so a reload costs two redirects and no prompt.
 */
export function AuthGate({ children }: { children: ReactNode }) {
  const [state, setState] = useState<GateState>(() => (tokens.signedIn ? { kind: "ready" } : { kind: "working" }));

  useEffect(() => {
    if (tokens.signedIn) return;
    signInOnce().then(
      () => setState({ kind: "ready" }),
      (error: unknown) => setState({ kind: "error", error }),
    );
  }, []);

  if (state.kind === "ready") return <>{children}</>;
  if (state.kind === "error") return <SignInProblem error={state.error} />;
  return (
    <div className="splash" role="status" aria-live="polite">
      <Logo />
      <span className="spinner" aria-hidden="true" />
      <p>Signing you in…</p>
    </div>
  );
}

function SignInProblem({ error }: { error: unknown }) {
  const oauthError = error instanceof OAuthError ? error : undefined;
  const notAdmin = oauthError?.error === "invalid_scope" || oauthError?.error === "access_denied";
  const title = notAdmin ? "This account cannot administer Toolgate" : oauthError ? "Sign-in did not complete" : "Toolgate could not be reached";
  const text = notAdmin
    ? "You signed in, but your account does not have the toolgate-admin role. Sign in with an administrator's account, or ask an administrator to give you the role."
    : oauthError
      ? (oauthError.description ?? oauthError.error)
      : "The sign-in could not start because the server did not answer. Check your connection and try again.";
  const retry = () => {
    signingIn = undefined;
    void oauth.startSignIn(`${PATHS.basename}/`);
  };
  return (
    <main className="splash splash-problem">
      <Logo />
      <h1>{title}</h1>
      <p className="muted">{text}</p>
      <div className="state-action">
        {notAdmin ? (
          <button type="button" className="btn btn-primary" onClick={() => void signOut()}>
            Sign in as someone else
          </button>
        ) : (
          <button type="button" className="btn btn-primary" onClick={retry}>
            Try again
          </button>
        )}
      </div>
    </main>
  );
}
