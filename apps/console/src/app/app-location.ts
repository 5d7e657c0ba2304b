/**
 * Where the console lives. It is served at `<issuer>/console/` and everything it talks to (the
 * OAuth endpoints, the admin API) is on the same origin under the issuer — which may carry a path
 * prefix in production (`https://example.com/toolgate`). So the issuer is derived from the page's
 * own address, never configured.
 */
export interface Locationish {
  origin: string;
  pathname: string;
}

export function issuerFromLocation(location: Locationish): string {
  const at = location.pathname.indexOf("/console");
  const prefix = at > 0 ? location.pathname.slice(0, at) : "";
  return `${location.origin}${prefix}`;
}

export interface AppPaths {
  /** The OAuth issuer: `https://host[/prefix]`. */
  issuer: string;
  /** Router basename: `[/prefix]/console`. */
  basename: string;
  /** Base URL of the admin API. */
  api: string;
  /** The console's registered redirect URI. */
  redirectUri: string;
  /** Where the server sends the browser after sign-out. */
  postLogoutRedirectUri: string;
}

export function appPaths(location: Locationish): AppPaths {
  const issuer = issuerFromLocation(location);
  const basename = `${new URL(issuer).pathname.replace(/\/$/, "")}/console`;
  return {
    issuer,
    basename,
    api: `${issuer}/api/admin`,
    redirectUri: `${issuer}/console/callback`,
    postLogoutRedirectUri: `${issuer}/console/`,
  };
}
