import type { Prisma } from "../db/prisma.js";
import { ADMIN_ROLE_NAME } from "../domain/built-ins.js";

export const CASE_SENSITIVE_USERS_SETTING = "signIn.caseSensitiveUsers";

export interface SignInRuleValue {
  kind: "email_domain" | "user" | "group";
  value: string;
  providerId: string | null;
}

export interface SignInAttempt {
  email: string;
  username?: string | null | undefined;
  /** Groups asserted by the upstream provider (federated sign-in only). */
  groups?: string[] | undefined;
  /** The upstream provider, for federated sign-in. */
  providerId?: string | undefined;
  /** Administrators are never locked out by the policy. */
  isAdmin: boolean;
}

export type SignInDecision = { allowed: true; because: string } | { allowed: false };

/**
 * Who may sign in (pure). No rules: every active account. With rules: the attempt must match one —
 * an email domain, a user listed by email or username (case-insensitive unless configured
 * otherwise), or an upstream group. Administrators always may, so a rule cannot lock everyone out.
 */
export function evaluateSignIn(rules: SignInRuleValue[], attempt: SignInAttempt, caseSensitive = false): SignInDecision {
  if (attempt.isAdmin) return { allowed: true, because: "administrator" };
  if (rules.length === 0) return { allowed: true, because: "no sign-in rules" };
  const fold = (s: string) => (caseSensitive ? s : s.toLowerCase());
  const email = attempt.email.toLowerCase();
  for (const rule of rules) {
    switch (rule.kind) {
      case "email_domain": {
        const domain = rule.value.replace(/^@/, "").toLowerCase();
        if (email.endsWith(`@${domain}`)) return { allowed: true, because: `email domain ${domain}` };
        break;
      }
      case "user":
        if (fold(rule.value) === fold(attempt.email) || (attempt.username && fold(rule.value) === fold(attempt.username))) {
          return { allowed: true, because: `listed user ${rule.value}` };
        }
        break;
      case "group":
        if ((rule.providerId === null || rule.providerId === attempt.providerId) && attempt.groups?.includes(rule.value)) {
          return { allowed: true, because: `group ${rule.value}` };
        }
        break;
    }
  }
  return { allowed: false };
}

/** Loads the rules and evaluates an attempt; `userId` (when known) decides the admin exemption. */
export async function checkSignInPolicy(prisma: Prisma, attempt: Omit<SignInAttempt, "isAdmin">, userId?: string): Promise<SignInDecision> {
  const [rules, setting, admin] = await Promise.all([
    prisma.signInRule.findMany(),
    prisma.setting.findUnique({ where: { key: CASE_SENSITIVE_USERS_SETTING } }),
    userId ? prisma.userRole.count({ where: { userId, role: { name: ADMIN_ROLE_NAME } } }) : Promise.resolve(0),
  ]);
  return evaluateSignIn(rules, { ...attempt, isAdmin: admin > 0 }, setting?.value === true);
}
