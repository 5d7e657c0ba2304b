import { useId, useState } from "react";
import { Link } from "react-router";
import { auditApi } from "../../api/audit-api.js";
import { clientsApi } from "../../api/clients-api.js";
import { serversApi } from "../../api/servers-api.js";
import { usersApi } from "../../api/users-api.js";
import { sum } from "../../charts/chart-data.js";
import { DailyBarChart } from "../../charts/daily-bar-chart.js";
import { RankedBars } from "../../charts/ranked-bars.js";
import { Loadable } from "../../components/loadable.js";
import { PageHeader } from "../../components/page-header.js";
import { useResource } from "../../hooks/use-resource.js";
import { AlertsPanel } from "./alerts-panel.js";

const RANGES = [7, 14, 30, 90];

export function OverviewPage() {
  const [days, setDays] = useState(14);
  const rangeId = useId();
  const stats = useResource((signal) => auditApi.stats(days, signal), [days]);
  const counts = useResource(async (signal) => {
    const [servers, clients, pending, users] = await Promise.all([
      serversApi.list({ pageSize: 1 }, signal),
      clientsApi.list({ pageSize: 1 }, signal),
      clientsApi.approvals({ pageSize: 1, status: "pending" }, signal),
      usersApi.list({ pageSize: 1 }, signal),
    ]);
    return { servers: servers.total, clients: clients.total, pending: pending.total, users: users.total };
  }, []);

  return (
    <>
      <PageHeader
        title="Overview"
        description="Tokens, refusals and registrations from the audit trail, and anything unusual."
        actions={
          <div className="range">
            <label htmlFor={rangeId}>Period</label>
            <select id={rangeId} value={days} onChange={(e) => setDays(Number(e.target.value))}>
              {RANGES.map((d) => (
                <option key={d} value={d}>
                  Last {d} days
                </option>
              ))}
            </select>
          </div>
        }
      />
      <Loadable resource={counts}>
        {(c) => (
          <div className="tiles">
            <CountTile to="/servers" value={c.servers} label="MCP servers" />
            <CountTile to="/clients" value={c.clients} label="Clients" />
            <CountTile to="/approvals" value={c.pending} label="Awaiting approval" attention={c.pending > 0} />
            <CountTile to="/users" value={c.users} label="Users" />
          </div>
        )}
      </Loadable>
      <Loadable resource={stats}>
        {(s) => (
          <>
            <AlertsPanel alerts={s.alerts} />
            <div className="chart-grid">
              <section className="card chart-card" aria-labelledby="issued-heading">
                <header>
                  <h2 id="issued-heading">Tokens issued</h2>
                  <span className="chart-total">{sum(s.tokensIssuedPerDay)}</span>
                </header>
                <DailyBarChart series={s.tokensIssuedPerDay} days={days} label={`Tokens issued per day, last ${days} days`} />
              </section>
              <section className="card chart-card" aria-labelledby="refused-heading">
                <header>
                  <h2 id="refused-heading">Tokens refused</h2>
                  <span className="chart-total">{sum(s.tokensRefusedPerDay)}</span>
                </header>
                <DailyBarChart series={s.tokensRefusedPerDay} days={days} tone="red" label={`Token requests refused per day, last ${days} days`} />
              </section>
              <section className="card chart-card" aria-labelledby="registrations-heading">
                <header>
                  <h2 id="registrations-heading">Registrations</h2>
                  <span className="chart-total">{sum(s.registrationsPerDay)}</span>
                </header>
                <DailyBarChart series={s.registrationsPerDay} days={days} tone="green" label={`Client registrations per day, last ${days} days`} />
              </section>
              <section className="card chart-card" aria-labelledby="denials-heading">
                <header>
                  <h2 id="denials-heading">Denials by tool</h2>
                </header>
                {s.denialsByTool.length === 0 ? (
                  <p className="muted">No tool call was denied.</p>
                ) : (
                  <RankedBars
                    label="Denied tool calls by tool"
                    tone="red"
                    items={s.denialsByTool.map((d) => ({
                      key: `${d.resource}:${d.tool}`,
                      label: <Link to={`/audit?type=tool.call&decision=deny&tool=${encodeURIComponent(d.tool)}${d.resource ? `&resource=${encodeURIComponent(d.resource)}` : ""}`}>{d.tool}</Link>,
                      sublabel: d.resource,
                      count: d.count,
                    }))}
                  />
                )}
              </section>
              <section className="card chart-card chart-wide" aria-labelledby="top-heading">
                <header>
                  <h2 id="top-heading">Top clients by tokens issued</h2>
                </header>
                {s.topClients.length === 0 ? (
                  <p className="muted">No tokens issued in this period.</p>
                ) : (
                  <RankedBars label="Clients by tokens issued" items={s.topClients.map((c) => ({ key: c.clientId, label: <Link to={`/clients/${encodeURIComponent(c.clientId)}`}>{c.clientId}</Link>, count: c.count }))} />
                )}
              </section>
            </div>
          </>
        )}
      </Loadable>
    </>
  );
}

/** A count on the overview, linking to its list. */
function CountTile({ to, value, label, attention = false }: { to: string; value: number; label: string; attention?: boolean }) {
  return (
    <Link className={attention ? "tile tile-attention" : "tile"} to={to}>
      <span className="tile-value">{value}</span>
      <span className="tile-label">{label}</span>
    </Link>
  );
}
