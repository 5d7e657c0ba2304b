import { serversApi } from "../../api/servers-api.js";
import { useResource } from "../../hooks/use-resource.js";

/** All MCP servers (for filters and pickers); a deployment has tens of them, not thousands. */
export function useServers() {
  return useResource((signal) => serversApi.list({ pageSize: 200 }, signal).then((p) => p.items), []);
}
