/**
 * Just enough of a browser's cookie handling for driving sign-in flows over plain fetch: cookies
 * are kept per host (like browsers, ignoring the port) and sent when the path matches.
 */
export class CookieJar {
  #cookies = new Map<string, { host: string; name: string; value: string; path: string }>();

  store(url: string, res: Response): void {
    const host = new URL(url).hostname;
    for (const header of res.headers.getSetCookie()) {
      const [pair = "", ...attrs] = header.split(";").map((s) => s.trim());
      const eq = pair.indexOf("=");
      const name = pair.slice(0, eq);
      const value = pair.slice(eq + 1);
      const path = attrs.find((a) => a.toLowerCase().startsWith("path="))?.slice(5) ?? "/";
      const expired = attrs.some((a) => /^expires=/i.test(a) && new Date(a.slice(8)).getTime() < Date.now()) ||
        attrs.some((a) => /^max-age=0$/i.test(a));
      const key = `${host}|${name}|${path}`;
      if (expired || value === "") this.#cookies.delete(key);
      else this.#cookies.set(key, { host, name, value, path });
    }
  }

  header(url: string): string {
    const { hostname, pathname } = new URL(url);
    return [...this.#cookies.values()]
      .filter((c) => c.host === hostname && (c.path === "/" || pathname === c.path || pathname.startsWith(c.path.endsWith("/") ? c.path : `${c.path}/`)))
      .sort((a, b) => b.path.length - a.path.length)
      .map((c) => `${c.name}=${c.value}`)
      .join("; ");
  }

  async fetch(url: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    const cookie = this.header(url);
    if (cookie) headers.set("cookie", cookie);
    const res = await fetch(url, { ...init, headers, redirect: "manual" });
    this.store(url, res);
    return res;
  }
}
