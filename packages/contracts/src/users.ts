import { z } from "zod";
import { id, listQuery, timestamp, version } from "./common.js";

export const userStatus = z.enum(["active", "disabled"]);
export const PASSWORD_MIN_LENGTH = 12;
const password = z.string().min(PASSWORD_MIN_LENGTH, `must be at least ${PASSWORD_MIN_LENGTH} characters`).max(1024);
const email = z.email().max(320).transform((e) => e.toLowerCase());
const username = z.string().trim().min(1).max(100).regex(/^[A-Za-z0-9._@-]+$/, "letters, digits and . _ @ - only");

export const user = z.object({
  id,
  email: z.string(),
  name: z.string(),
  username: z.string().nullable(),
  status: userStatus,
  hasPassword: z.boolean(),
  locked: z.boolean(),
  roles: z.array(z.object({ id, name: z.string() })),
  identities: z.array(z.object({ providerId: id, providerName: z.string(), subject: z.string() })),
  lastLoginAt: timestamp.nullable(),
  version: z.number().int(),
  createdAt: timestamp,
  updatedAt: timestamp,
});
export type User = z.infer<typeof user>;

export const userCreate = z.strictObject({
  email,
  name: z.string().trim().max(100).default(""),
  username: username.optional(),
  password: password.optional().describe("Omit for users who sign in through an identity provider only."),
  status: userStatus.default("active"),
  roleIds: z.array(id).max(100).default([]),
});
export type UserCreate = z.input<typeof userCreate>;

export const userUpdate = z.strictObject({
  email: email.optional(),
  name: z.string().trim().max(100).optional(),
  username: username.nullable().optional(),
  password: password.optional(),
  status: userStatus.optional(),
  roleIds: z.array(id).max(100).optional(),
  unlock: z.literal(true).optional().describe("Clear failed sign-in attempts and any lock."),
  version,
});
export type UserUpdate = z.input<typeof userUpdate>;

export const userListQuery = listQuery.extend({ status: userStatus.optional(), roleId: id.optional() });
