import type { Logger } from "pino";
import type { Config } from "../config/load-config.js";
import { createSecretBox } from "../keys/secret-box.js";
import { rotateSigningKeys } from "../keys/signing-keys.js";
import { MAX_ACCESS_TOKEN_TTL } from "../revocation/revocation-store.js";
import { withDatabase } from "./with-database.js";

/**
 * `toolgate keys rotate [--withdraw-now]`: running instances pick the new keys up within seconds.
 * `--withdraw-now` (a compromised key) signs with the new keys at once and withdraws the old ones:
 * tokens they signed stop working within the revocation bound (clients get new ones).
 */
export async function keysRotateCommand(config: Config, log: Logger, args: string[] = []): Promise<number> {
  const withdrawNow = args.includes("--withdraw-now");
  return withDatabase(config, log, async ({ prisma, secret }) => {
    const kids = await rotateSigningKeys(prisma, createSecretBox(secret, "signing-keys"), {
      propagationSeconds: config.keyPropagationSeconds,
      maxTokenLifetime: MAX_ACCESS_TOKEN_TTL,
      withdrawNow,
    });
    const signsIn = withdrawNow ? 0 : config.keyPropagationSeconds;
    log.info({ kids, signsInSeconds: signsIn, withdrawNow }, "new signing keys published");
    process.stdout.write(withdrawNow
      ? `Published signing keys ${kids.join(", ")}; they sign now, and the previous keys are withdrawn.\n`
      : `Published signing keys ${kids.join(", ")}; they sign in ${signsIn}s.\n`);
    return 0;
  });
}
