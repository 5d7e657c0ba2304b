import type { AuditStats } from "@toolgate/contracts";
import type { Prisma } from "../db/prisma.js";

/** Alert thresholds (seed 002: watch for spikes and repeated failures). */
export const ALERTS = {
  repeatedFailures: { windowMinutes: 15, warning: 10, critical: 50 },
  denialSpike: { factor: 3, minimum: 10 },
  registrationSurge: { perHour: 20 },
} as const;

interface DayCount { day: string; type: string; count: bigint }

/**
 * Figures for the console's overview: tokens issued and refused and registrations per day,
 * denials by tool, the busiest clients, and alerts for unusual patterns.
 */
export async function computeAuditStats(prisma: Prisma, days: number, now = new Date()): Promise<AuditStats> {
  const since = new Date(now.getTime() - days * 86_400_000);
  const hourAgo = new Date(now.getTime() - 3_600_000);
  const dayAgo = new Date(now.getTime() - 86_400_000);
  const failureWindow = new Date(now.getTime() - ALERTS.repeatedFailures.windowMinutes * 60_000);

  const [perDay, denials, topClients, failures, denialsLastHour, denialsDay, registrationsLastHour] = await Promise.all([
    prisma.$queryRaw<DayCount[]>`
      SELECT to_char(date_trunc('day', time), 'YYYY-MM-DD') AS day, type, count(*) AS count
      FROM audit_event WHERE time >= ${since} AND type IN ('token.issued', 'token.refused', 'client.registered')
      GROUP BY 1, 2 ORDER BY 1`,
    prisma.$queryRaw<{ tool: string; resource: string | null; count: bigint }[]>`
      SELECT tool, resource, count(*) AS count FROM audit_event
      WHERE time >= ${since} AND type = 'tool.call' AND decision = 'deny' AND tool IS NOT NULL
      GROUP BY tool, resource ORDER BY count DESC LIMIT 10`,
    prisma.$queryRaw<{ client_id: string; count: bigint }[]>`
      SELECT client_id, count(*) AS count FROM audit_event
      WHERE time >= ${since} AND type = 'token.issued' AND client_id IS NOT NULL
      GROUP BY client_id ORDER BY count DESC LIMIT 10`,
    prisma.$queryRaw<{ who: string; count: bigint }[]>`
      SELECT coalesce(client_id, ip, 'unknown') AS who, count(*) AS count FROM audit_event
      WHERE time >= ${failureWindow} AND type IN ('token.refused', 'login.failed', 'authorization.refused', 'interaction.refused')
      GROUP BY 1 HAVING count(*) >= ${ALERTS.repeatedFailures.warning} ORDER BY count DESC LIMIT 10`,
    prisma.auditEvent.count({ where: { type: "tool.call", decision: "deny", time: { gte: hourAgo } } }),
    prisma.auditEvent.count({ where: { type: "tool.call", decision: "deny", time: { gte: dayAgo, lt: hourAgo } } }),
    prisma.auditEvent.count({ where: { type: "client.registered", time: { gte: hourAgo } } }),
  ]);

  const series = (type: string) => perDay.filter((r) => r.type === type).map((r) => ({ day: r.day, count: Number(r.count) }));
  const alerts: AuditStats["alerts"] = failures.map((f) => ({
    kind: "repeated_failures" as const,
    severity: Number(f.count) >= ALERTS.repeatedFailures.critical ? ("critical" as const) : ("warning" as const),
    message: `${Number(f.count)} refused requests or failed sign-ins from ${f.who} in the last ${ALERTS.repeatedFailures.windowMinutes} minutes`,
    subject: f.who,
    count: Number(f.count),
  }));
  const hourlyAverage = denialsDay / 23;
  if (denialsLastHour >= ALERTS.denialSpike.minimum && denialsLastHour > ALERTS.denialSpike.factor * hourlyAverage) {
    alerts.push({
      kind: "denial_spike",
      severity: "warning",
      message: `${denialsLastHour} tool calls denied in the last hour (hourly average before: ${hourlyAverage.toFixed(1)})`,
      subject: null,
      count: denialsLastHour,
    });
  }
  if (registrationsLastHour > ALERTS.registrationSurge.perHour) {
    alerts.push({
      kind: "registration_surge",
      severity: "warning",
      message: `${registrationsLastHour} clients registered themselves in the last hour`,
      subject: null,
      count: registrationsLastHour,
    });
  }
  return {
    tokensIssuedPerDay: series("token.issued"),
    tokensRefusedPerDay: series("token.refused"),
    registrationsPerDay: series("client.registered"),
    denialsByTool: denials.map((d) => ({ tool: d.tool, resource: d.resource, count: Number(d.count) })),
    topClients: topClients.map((c) => ({ clientId: c.client_id, count: Number(c.count) })),
    alerts,
  };
}
