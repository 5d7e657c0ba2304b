import type { IncomingMessage, ServerResponse } from "node:http";
import type { Provider } from "oidc-provider";
import { loadKeySet, type KeySet } from "../keys/signing-keys.js";
import type { SecretBox } from "../keys/secret-box.js";
import { createProvider } from "./create-provider.js";
import type { OidcDeps } from "./oidc-deps.js";

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

/**
 * Holds the live oidc-provider instance. oidc-provider takes its keys at construction, so when
 * the key set in the database changes (`toolgate keys rotate` on any instance, or a scheduled
 * activation/retirement coming due) the host builds a new instance and swaps it in; requests in
 * flight finish on the old one. Every instance checks every `refreshMs`, which the default key
 * propagation delay (60 s) comfortably exceeds.
 */
export class ProviderHost {
  #provider: Provider;
  #handler: Handler;
  #keys: KeySet;
  #timer: NodeJS.Timeout | undefined;

  private constructor(private readonly deps: OidcDeps, private readonly box: SecretBox, keys: KeySet) {
    this.#keys = keys;
    this.#provider = createProvider({ ...deps, keys });
    this.#handler = this.#provider.callback();
  }

  static async create(deps: OidcDeps, box: SecretBox): Promise<ProviderHost> {
    return new ProviderHost(deps, box, await loadKeySet(deps.prisma, box));
  }

  get provider(): Provider {
    return this.#provider;
  }

  get keys(): KeySet {
    return this.#keys;
  }

  handle(req: IncomingMessage, res: ServerResponse): void {
    this.#handler(req, res);
  }

  /** Reloads the key set; rebuilds the provider when it changed. Returns whether it did. */
  async refresh(): Promise<boolean> {
    const keys = await loadKeySet(this.deps.prisma, this.box);
    if (keys.fingerprint === this.#keys.fingerprint) return false;
    const provider = createProvider({ ...this.deps, keys });
    this.#keys = keys;
    this.#provider = provider;
    this.#handler = provider.callback();
    this.deps.log.info({ signing: keys.signing, published: keys.jwks.keys.length }, "signing keys changed; provider reloaded");
    return true;
  }

  startRefreshing(refreshMs: number): void {
    this.#timer = setInterval(() => {
      this.refresh().catch((err) => this.deps.log.error({ err }, "could not reload signing keys"));
    }, refreshMs);
    this.#timer.unref();
  }

  stop(): void {
    if (this.#timer) clearInterval(this.#timer);
  }
}
