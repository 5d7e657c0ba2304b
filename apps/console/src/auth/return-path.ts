/**
 * Where to go back to after sign-in: only a path inside the console (never another origin, never
 * the callback itself), so a crafted link cannot turn sign-in into an open redirect.
 */
export function safeReturnPath(candidate: string | null | undefined, basename: string): string {
  const home = `${basename}/`;
  if (!candidate || !candidate.startsWith("/") || candidate.startsWith("//") || candidate.includes("\\")) return home;
  const url = URL.parse(candidate, "http://console.invalid");
  if (!url || url.origin !== "http://console.invalid") return home;
  const path = url.pathname;
  if (path !== basename && !path.startsWith(`${basename}/`)) return home;
  if (path === `${basename}/callback`) return home;
  return `${path}${url.search}${url.hash}`;
}
