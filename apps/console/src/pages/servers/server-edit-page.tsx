import { useParams } from "react-router";
import { serversApi } from "../../api/servers-api.js";
import { Loadable } from "../../components/loadable.js";
import { PageHeader } from "../../components/page-header.js";
import { useResource } from "../../hooks/use-resource.js";
import { ServerForm } from "./server-form.js";

export function ServerEditPage() {
  const { id = "" } = useParams();
  const server = useResource((signal) => serversApi.get(id, signal), [id]);
  return (
    <>
      <PageHeader title={server.data ? `Edit ${server.data.name}` : "Edit MCP server"} back={{ to: `/servers/${id}`, label: server.data?.name ?? "MCP server" }} />
      <Loadable resource={server} backTo={{ href: "/servers", label: "All MCP servers" }}>
        {(s) => <ServerForm key={s.version} server={s} onReload={server.reload} />}
      </Loadable>
    </>
  );
}
