import type { z } from "zod";
import type {
  approvalListQuery, auditPage, clientCreated, clientListQuery, roleListQuery, roleUpdate, scopeCreate, scopeUpdate, secretRotated,
  serverCredentials, toolCreate, toolUpdate, toolsImportResult, userListQuery, settingsUpdate, auditFilter, consentListQuery, delegationCreate,
  delegationListQuery, delegationUpdate, exchangePolicyCreate, exchangePolicyListQuery, exchangePolicyUpdate, identityProviderListQuery, registrationToken,
  registrationTokenCreate, serverListQuery, signInPolicyUpdate,
} from "@toolgate/contracts";

/** Wire types of the admin API, all from the schemas the server itself validates with. */
export type {
  Approval, AuditEvent, AuditQuery, AuditStats, Client, ClientCreate, ClientUpdate, ErrorBody, Role, RoleCreate, Scope, Server,
  ServerCreate, ServerDetail, ServerUpdate, Settings, Tool, ToolsImport, User, UserCreate, UserUpdate, AdminIdentity, Consent, Delegation,
  ExchangePolicy, DeploymentSettings, IdentityProvider, IdentityProviderCreate, IdentityProviderUpdate, SignInPolicy, SignInRule, SignInRuleCreate,
} from "@toolgate/contracts";

export interface Page<T> {
  items: T[];
  page: number;
  pageSize: number;
  total: number;
}

export type ListQuery = { page?: number; pageSize?: number; q?: string };
/** List filters as the console sends them (the schemas coerce page numbers from the query string). */
type Filters<S extends z.ZodType> = ListQuery & Omit<z.input<S>, "page" | "pageSize">;
export type ServerListQuery = Filters<typeof serverListQuery>;
export type ClientListQuery = Filters<typeof clientListQuery>;
export type RoleListQuery = Filters<typeof roleListQuery>;
export type UserListQuery = Filters<typeof userListQuery>;
export type RoleUpdate = z.input<typeof roleUpdate>;
export type ScopeCreate = z.input<typeof scopeCreate>;
export type ScopeUpdate = z.input<typeof scopeUpdate>;
export type ToolCreate = z.input<typeof toolCreate>;
export type ToolUpdate = z.input<typeof toolUpdate>;
export type ToolsImportResult = z.infer<typeof toolsImportResult>;
export type ServerCredentials = z.infer<typeof serverCredentials>;
export type ClientCreated = z.infer<typeof clientCreated>;
export type SecretRotated = z.infer<typeof secretRotated>;
export type { ClientKeys } from "@toolgate/contracts";
export type SettingsUpdate = z.input<typeof settingsUpdate>;
export type AuditPage = z.infer<typeof auditPage>;
export type AuditFilter = z.input<typeof auditFilter>;
export type ApprovalListQuery = Filters<typeof approvalListQuery>;
export type IdentityProviderListQuery = Filters<typeof identityProviderListQuery>;
export type SignInPolicyUpdate = z.input<typeof signInPolicyUpdate>;
export type ConsentListQuery = Filters<typeof consentListQuery>;
export type ExchangePolicyListQuery = Filters<typeof exchangePolicyListQuery>;
export type ExchangePolicyCreate = z.input<typeof exchangePolicyCreate>;
export type ExchangePolicyUpdate = z.input<typeof exchangePolicyUpdate>;
export type DelegationListQuery = Filters<typeof delegationListQuery>;
export type DelegationCreate = z.input<typeof delegationCreate>;
export type DelegationUpdate = z.input<typeof delegationUpdate>;
export type RegistrationTokenCreate = z.input<typeof registrationTokenCreate>;
export type RegistrationToken = z.infer<typeof registrationToken>;
