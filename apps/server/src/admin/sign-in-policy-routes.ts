import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { signInPolicy, signInPolicyUpdate, signInRule as ruleSchema, signInRuleCreate, type SignInRule } from "@toolgate/contracts";
import type { AppDeps } from "../http/app-deps.js";
import type * as Db from "../generated/prisma/client.js";
import { conflict, invalid, notFound } from "../errors/product-error.js";
import { adminChange, type Tx } from "./admin-change.js";
import { errorResponses, idParams, typed } from "./admin-route.js";
import { CASE_SENSITIVE_USERS_SETTING } from "../auth/sign-in-policy.js";

const ruleDto = (r: Db.SignInRule): SignInRule => ({ id: r.id, kind: r.kind, value: r.value, providerId: r.providerId, createdAt: r.createdAt.toISOString() });

/** Who may sign in: rules by email domain, listed user, upstream group (see auth/sign-in-policy.ts). */
export async function signInPolicyRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const { prisma } = deps;
  const r = typed(app);

  async function read(db: Tx | AppDeps["prisma"]) {
    // Sequential: `db` may be a transaction, whose queries share one connection.
    const rules = await db.signInRule.findMany({ orderBy: [{ kind: "asc" }, { value: "asc" }] });
    const setting = await db.setting.findUnique({ where: { key: CASE_SENSITIVE_USERS_SETTING } });
    return { rules: rules.map(ruleDto), caseSensitiveUsers: setting?.value === true };
  }

  r.get("/sign-in-policy", {
    schema: { tags: ["sign-in policy"], summary: "The sign-in rules (none: every active account may sign in)", response: { 200: signInPolicy, ...errorResponses } },
  }, async () => read(prisma));

  r.patch("/sign-in-policy", {
    schema: { tags: ["sign-in policy"], summary: "Change how user rules compare", body: signInPolicyUpdate, response: { 200: signInPolicy, ...errorResponses } },
  }, async (request) => adminChange(deps, request, "sign_in_policy.updated", async (tx) => {
    const before = await read(tx);
    const value = request.body.caseSensitiveUsers;
    await tx.setting.upsert({ where: { key: CASE_SENSITIVE_USERS_SETTING }, create: { key: CASE_SENSITIVE_USERS_SETTING, value }, update: { value } });
    const after = await read(tx);
    return { result: after, target: "sign-in-policy", before, after };
  }));

  r.post("/sign-in-policy/rules", {
    schema: { tags: ["sign-in policy"], summary: "Add a sign-in rule", body: signInRuleCreate, response: { 201: ruleSchema, ...errorResponses } },
  }, async (request, reply) => {
    const body = request.body;
    const value = body.kind === "email_domain" ? body.value.replace(/^@/, "").toLowerCase() : body.value;
    const created = await adminChange(deps, request, "sign_in_rule.created", async (tx) => {
      if (body.providerId && !(await tx.identityProvider.findUnique({ where: { id: body.providerId } }))) throw invalid("providerId", "no such identity provider");
      if (await tx.signInRule.findFirst({ where: { kind: body.kind, value, providerId: body.providerId } })) throw conflict("this rule exists already");
      const rule = ruleDto(await tx.signInRule.create({ data: { kind: body.kind, value, providerId: body.providerId } }));
      return { result: rule, target: rule.id, after: rule };
    });
    return reply.code(201).send(created);
  });

  r.delete("/sign-in-policy/rules/:id", {
    schema: { tags: ["sign-in policy"], summary: "Remove a sign-in rule", params: idParams, response: { 204: z.null(), ...errorResponses } },
  }, async (request, reply) => {
    await adminChange(deps, request, "sign_in_rule.deleted", async (tx) => {
      const rule = await tx.signInRule.findUnique({ where: { id: request.params.id } });
      if (!rule) throw notFound("sign-in rule");
      await tx.signInRule.delete({ where: { id: rule.id } });
      return { result: null, target: rule.id, before: ruleDto(rule) };
    });
    return reply.code(204).send(null);
  });
}
