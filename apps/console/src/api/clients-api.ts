import { http } from "./client.js";
import { ROUTES } from "./routes.js";
import type { Approval, ApprovalListQuery, Client, ClientCreate, ClientCreated, ClientKeys, ClientListQuery, ClientUpdate, Page, SecretRotated } from "./types.js";

/** OAuth clients of every kind: applications, agents, DCR and CIMD. */
export const clientsApi = {
  list: (query: ClientListQuery = {}, signal?: AbortSignal) => http.call<Page<Client>>(ROUTES.listClients, { query, signal }),
  get: (id: string, signal?: AbortSignal) => http.call<Client>(ROUTES.getClient, { params: { id }, signal }),
  create: (body: ClientCreate) => http.call<ClientCreated>(ROUTES.createClient, { body }),
  update: (id: string, body: ClientUpdate) => http.call<Client>(ROUTES.updateClient, { params: { id }, body }),
  remove: (id: string) => http.call<void>(ROUTES.deleteClient, { params: { id } }),
  bindRole: (id: string, roleId: string) => http.call<Client>(ROUTES.bindClientRole, { params: { id, roleId } }),
  unbindRole: (id: string, roleId: string) => http.call<Client>(ROUTES.unbindClientRole, { params: { id, roleId } }),
  decideApproval: (id: string, serverId: string, decision: "approve" | "deny") =>
    http.call<Client>(ROUTES.decideClientApproval, { params: { id, serverId }, body: { decision } }),
  /** Lets the software of a disabled or denied self-registered client register again. */
  liftRegistrationBlock: (id: string) => http.call<Client>(ROUTES.liftRegistrationBlock, { params: { id } }),
  approvals: (query: ApprovalListQuery = {}, signal?: AbortSignal) => http.call<Page<Approval>>(ROUTES.listApprovals, { query, signal }),
  rotateSecret: (id: string, graceSeconds: number) => http.call<SecretRotated>(ROUTES.rotateClientSecret, { params: { id }, body: { graceSeconds } }),
  /** private_key_jwt (RFC 7523): the client's public keys, or where to fetch them; its secret stops working. */
  setKeys: (id: string, body: ClientKeys) => http.call<Client>(ROUTES.setClientKeys, { params: { id }, body }),
};
