import { OAuthError, SignInRequired, type TokenSet } from "./token-set.js";

export type Refresher = (refreshToken: string) => Promise<TokenSet>;

/**
 * The console's tokens, in memory. Access tokens live minutes; refresh tokens rotate on every use
 * and reusing one revokes the whole grant (OAuth 2.1 §4.3.1), so refreshes are serialized: however
 * many requests need a new token at once, one refresh runs and they all wait for it.
 */
export class TokenStore {
  #tokens: TokenSet | undefined;
  #refreshing: Promise<TokenSet> | undefined;

  constructor(
    private readonly refresher: Refresher,
    private readonly now: () => number = Date.now,
    /** Refresh this long before expiry, so a token never expires in flight. */
    private readonly skewMs = 30_000,
  ) {}

  get signedIn(): boolean {
    return this.#tokens !== undefined;
  }

  set(tokens: TokenSet): void {
    this.#tokens = tokens;
  }

  /** Forgets everything; returns the refresh token (to revoke it), if any. */
  clear(): string | undefined {
    const refresh = this.#tokens?.refreshToken;
    this.#tokens = undefined;
    return refresh;
  }

  /** A token valid for at least the skew, refreshing first if needed. */
  async accessToken(): Promise<string> {
    const tokens = this.#tokens;
    if (!tokens) throw new SignInRequired("not signed in");
    if (tokens.expiresAt - this.skewMs > this.now()) return tokens.accessToken;
    return (await this.#refresh(tokens)).accessToken;
  }

  /** After the API refused `rejected`: a newer token (refreshed once, whoever asks). */
  async renew(rejected: string): Promise<string> {
    const tokens = this.#tokens;
    if (!tokens) throw new SignInRequired("not signed in");
    if (tokens.accessToken !== rejected) return tokens.accessToken;
    return (await this.#refresh(tokens)).accessToken;
  }

  #refresh(current: TokenSet): Promise<TokenSet> {
    if (this.#refreshing) return this.#refreshing;
    const refreshToken = current.refreshToken;
    if (!refreshToken) {
      this.#tokens = undefined;
      return Promise.reject(new SignInRequired("the session has no refresh token"));
    }
    // Spent from here on: nobody else may send it while this refresh is in flight.
    current.refreshToken = undefined;
    this.#refreshing = this.refresher(refreshToken)
      .then(
        (next) => {
          this.#tokens = next;
          return next;
        },
        (error: unknown) => {
          if (error instanceof OAuthError) {
            this.#tokens = undefined;
            throw new SignInRequired(error.message);
          }
          // The network failed: the request may never have arrived, so the token may be tried
          // again on retry. Had it arrived, the server treats the second use as reuse and
          // revokes the grant — then the admin signs in again, which is the safe outcome.
          current.refreshToken = refreshToken;
          throw error;
        },
      )
      .finally(() => {
        this.#refreshing = undefined;
      });
    return this.#refreshing;
  }
}
