import { http } from "./client.js";
import { ROUTES } from "./routes.js";
import type {
  Delegation, DelegationCreate, DelegationListQuery, DelegationUpdate, ExchangePolicy, ExchangePolicyCreate, ExchangePolicyListQuery, ExchangePolicyUpdate, Page,
} from "./types.js";

/** Token exchange (RFC 8693): MCP server → downstream server policies, and user → agent delegations. */
export const delegationApi = {
  policies: (query: ExchangePolicyListQuery = {}, signal?: AbortSignal) => http.call<Page<ExchangePolicy>>(ROUTES.listExchangePolicies, { query, signal }),
  createPolicy: (body: ExchangePolicyCreate) => http.call<ExchangePolicy>(ROUTES.createExchangePolicy, { body }),
  updatePolicy: (id: string, body: ExchangePolicyUpdate) => http.call<ExchangePolicy>(ROUTES.updateExchangePolicy, { params: { id }, body }),
  /** Removing a policy, or a scope from it, revokes the tokens exchanged under it. */
  removePolicy: (id: string) => http.call<void>(ROUTES.deleteExchangePolicy, { params: { id } }),
  delegations: (query: DelegationListQuery = {}, signal?: AbortSignal) => http.call<Page<Delegation>>(ROUTES.listDelegations, { query, signal }),
  createDelegation: (body: DelegationCreate) => http.call<Delegation>(ROUTES.createDelegation, { body }),
  /** Changes its scopes or end; narrowing it (see delegation-narrowing.ts) revokes the tokens it produced. */
  updateDelegation: (id: string, body: DelegationUpdate) => http.call<Delegation>(ROUTES.updateDelegation, { params: { id }, body }),
  /** Ends the delegation; tokens it produced are revoked. */
  removeDelegation: (id: string) => http.call<void>(ROUTES.deleteDelegation, { params: { id } }),
};
