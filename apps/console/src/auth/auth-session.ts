import { CONSOLE_CLIENT_ID, PATHS } from "../app/paths.js";
import { createOAuthClient } from "./oauth-client.js";
import { TokenStore } from "./token-store.js";

/** The one sign-in state of this tab: the OAuth client and the in-memory tokens. */
export const oauth = createOAuthClient(PATHS, CONSOLE_CLIENT_ID);
export const tokens = new TokenStore((rt) => oauth.refresh(rt));

let redirecting = false;

/** Sends the admin through sign-in and back to where they are now (once, however many callers). */
export function signInAgain(): void {
  if (redirecting) return;
  redirecting = true;
  tokens.clear();
  const { pathname, search, hash } = window.location;
  void oauth.startSignIn(`${pathname}${search}${hash}`).catch(() => {
    redirecting = false;
  });
}

export async function signOut(): Promise<void> {
  redirecting = true;
  await oauth.signOut(tokens.clear());
}
