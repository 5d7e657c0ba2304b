import type { HttpClient } from "./http-client.js";
import { fetchResourceMetadata, type ToolgateResourceMetadata } from "./resource-metadata.js";

export interface MetadataPoller {
  readonly current: ToolgateResourceMetadata | undefined;
  ready(): Promise<void>;
  /** Fetches now (the revocation feed says the tool map changed). */
  refresh(): Promise<void>;
  close(): void;
}

/**
 * Keeps Toolgate's metadata of this resource (tool map, scopes) fresh: fetched at start, then every
 * `refreshMs`. A failed refresh keeps the last good copy; until the first succeeds no tool is known,
 * so every `tools/call` is refused (fail closed).
 */
export function startMetadataPoller(options: {
  http: HttpClient;
  issuer: string;
  resource: string;
  refreshMs: number;
  onChange: (metadata: ToolgateResourceMetadata) => void;
  onError: (err: unknown) => void;
}): MetadataPoller {
  let current: ToolgateResourceMetadata | undefined;
  let timer: NodeJS.Timeout | undefined;
  let closed = false;
  let resolveReady!: () => void;
  const readyPromise = new Promise<void>((resolve) => {
    resolveReady = resolve;
  });

  let loading: Promise<void> | undefined;
  function load(): Promise<void> {
    loading ??= loadOnce().finally(() => {
      loading = undefined;
    });
    return loading;
  }

  async function loadOnce(): Promise<void> {
    if (timer) clearTimeout(timer);
    try {
      current = await fetchResourceMetadata(options.http, options.issuer, options.resource);
      options.onChange(current);
      resolveReady();
    } catch (err) {
      options.onError(err);
    }
    if (closed) return;
    // Until the first load succeeds, retry sooner than the refresh interval.
    timer = setTimeout(() => void load(), current ? options.refreshMs : Math.min(options.refreshMs, 1000));
    timer.unref();
  }
  void load();

  return {
    get current() {
      return current;
    },
    ready: () => readyPromise,
    refresh: () => load(),
    close() {
      closed = true;
      if (timer) clearTimeout(timer);
    },
  };
}
