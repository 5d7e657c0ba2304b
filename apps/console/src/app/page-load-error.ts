/**
 * A page's code (its lazily loaded chunk) did not arrive: the network failed, or Toolgate was
 * updated since this tab loaded the console. Told apart from a page that failed while rendering,
 * because retrying the import can fix it.
 */
export class PageLoadError extends Error {
  override name = "PageLoadError";
  constructor(cause: unknown) {
    super("This page's code could not be loaded.", { cause });
  }
}
