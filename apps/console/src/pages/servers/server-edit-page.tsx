import { serversApi } from "../../api/servers-api.js";
import { EditRecordPage } from "../shared/edit-record-page.js";
import { ServerForm } from "./server-form.js";

export function ServerEditPage() {
  return (
    <EditRecordPage load={serversApi.get} noun="MCP server" name={(s) => s.name} detailHref={(id) => `/servers/${id}`} list={{ href: "/servers", label: "All MCP servers" }}>
      {(s, reload) => <ServerForm server={s} onReload={reload} />}
    </EditRecordPage>
  );
}
