import { http } from "./client.js";
import { ROUTES } from "./routes.js";
import type {
  Page, Scope, ScopeCreate, ScopeUpdate, Server, ServerCreate, ServerCredentials, ServerDetail, ServerListQuery, ServerUpdate, Tool, ToolCreate,
  ToolsImport, ToolsImportResult, ToolUpdate,
} from "./types.js";

/** MCP servers (protected resources), their scopes and tools. */
export const serversApi = {
  list: (query: ServerListQuery = {}, signal?: AbortSignal) => http.call<Page<Server>>(ROUTES.listServers, { query, signal }),
  get: (id: string, signal?: AbortSignal) => http.call<ServerDetail>(ROUTES.getServer, { params: { id }, signal }),
  create: (body: ServerCreate) => http.call<ServerDetail>(ROUTES.createServer, { body }),
  update: (id: string, body: ServerUpdate) => http.call<ServerDetail>(ROUTES.updateServer, { params: { id }, body }),
  remove: (id: string, force = false) => http.call<void>(ROUTES.deleteServer, { params: { id }, query: { force: force ? "true" : undefined } }),
  importTools: (id: string, body: ToolsImport) => http.call<ToolsImportResult>(ROUTES.importTools, { params: { id }, body }),
  issueCredentials: (id: string) => http.call<ServerCredentials>(ROUTES.issueServerCredentials, { params: { id }, body: {} }),
  createScope: (serverId: string, body: ScopeCreate) => http.call<Scope>(ROUTES.createScope, { params: { id: serverId }, body }),
  updateScope: (id: string, body: ScopeUpdate) => http.call<Scope>(ROUTES.updateScope, { params: { id }, body }),
  removeScope: (id: string) => http.call<void>(ROUTES.deleteScope, { params: { id } }),
  createTool: (serverId: string, body: ToolCreate) => http.call<Tool>(ROUTES.createTool, { params: { id: serverId }, body }),
  updateTool: (id: string, body: ToolUpdate) => http.call<Tool>(ROUTES.updateTool, { params: { id }, body }),
  removeTool: (id: string) => http.call<void>(ROUTES.deleteTool, { params: { id } }),
};
