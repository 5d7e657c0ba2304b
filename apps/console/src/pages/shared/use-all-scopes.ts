import { serversApi } from "../../api/servers-api.js";
import type { ServerDetail } from "../../api/types.js";
import { useResource } from "../../hooks/use-resource.js";

/** Every MCP server with its scopes and tools, for choosing a role's scopes across servers. */
export function useAllServerDetails() {
  return useResource(async (signal): Promise<ServerDetail[]> => {
    const servers = await serversApi.list({ pageSize: 200 }, signal);
    return Promise.all(servers.items.map((s) => serversApi.get(s.id, signal)));
  }, []);
}
