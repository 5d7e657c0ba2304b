import { FilterSelect } from "../../components/filter-select.js";
import { useServers } from "./use-servers.js";

/** A list filter by MCP server ("Any MCP server" or one of them). */
export function ServerFilter({ value, onChange, anyLabel = "Any MCP server" }: { value: string; onChange: (serverId: string) => void; anyLabel?: string }) {
  const servers = useServers();
  return <FilterSelect label="MCP server" value={value} onChange={onChange} options={[{ value: "", label: anyLabel }, ...(servers.data ?? []).map((s) => ({ value: s.id, label: s.name }))]} />;
}
