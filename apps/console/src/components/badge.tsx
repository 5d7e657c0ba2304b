import type { ReactNode } from "react";

export type Tone = "neutral" | "green" | "amber" | "red" | "blue" | "violet";

export function Badge({ tone = "neutral", children, title }: { tone?: Tone; children: ReactNode; title?: string }) {
  return (
    <span className={`badge badge-${tone}`} title={title}>
      {children}
    </span>
  );
}

const STATUS_TONES: Record<string, Tone> = { active: "green", pending: "amber", disabled: "red", allow: "green", deny: "red" };

export function StatusBadge({ status }: { status: string }) {
  return <Badge tone={STATUS_TONES[status] ?? "neutral"}>{status}</Badge>;
}

const KIND_LABELS: Record<string, { label: string; tone: Tone }> = {
  application: { label: "Application", tone: "blue" },
  agent: { label: "Agent", tone: "violet" },
  dcr: { label: "DCR", tone: "neutral" },
  cimd: { label: "CIMD", tone: "neutral" },
};

export function KindBadge({ kind }: { kind: string }) {
  const k = KIND_LABELS[kind] ?? { label: kind, tone: "neutral" as const };
  return (
    <Badge tone={k.tone} title={kind === "dcr" ? "Registered itself (Dynamic Client Registration)" : kind === "cimd" ? "Client ID Metadata Document" : undefined}>
      {k.label}
    </Badge>
  );
}
