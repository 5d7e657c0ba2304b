import type { Logger } from "pino";
import type { Config } from "../config/load-config.js";
import { createSecretBox } from "../keys/secret-box.js";
import { rotateSigningKeys } from "../keys/signing-keys.js";
import { MAX_ACCESS_TOKEN_TTL } from "../revocation/revocation-store.js";
import { withDatabase } from "./with-database.js";

/** `toolgate keys rotate`: running instances pick the new keys up within seconds. */
export async function keysRotateCommand(config: Config, log: Logger): Promise<number> {
  return withDatabase(config, log, async ({ prisma, secret }) => {
    const kids = await rotateSigningKeys(prisma, createSecretBox(secret, "signing-keys"), {
      propagationSeconds: config.keyPropagationSeconds,
      maxTokenLifetime: MAX_ACCESS_TOKEN_TTL,
    });
    log.info({ kids, signsInSeconds: config.keyPropagationSeconds }, "new signing keys published");
    process.stdout.write(`Published signing keys ${kids.join(", ")}; they sign in ${config.keyPropagationSeconds}s.\n`);
    return 0;
  });
}
