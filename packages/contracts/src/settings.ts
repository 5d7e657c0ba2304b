import { z } from "zod";
import { id } from "./common.js";

/** Server-wide settings admins change at run time. */
export const settings = z.object({
  registrationDefaultRoleId: id.nullable().describe("Role every self-registered (DCR/CIMD) client gets, besides each server's default role."),
});
export type Settings = z.infer<typeof settings>;

export const settingsUpdate = z.strictObject({
  registrationDefaultRoleId: id.nullable().optional(),
});
