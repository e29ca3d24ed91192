/** Severities of the handbook's escalation matrix (section 6). Security is a flag, not a severity. */
export const SEVERITIES = ["sev1", "sev2", "sev3"] as const;
export type Severity = (typeof SEVERITIES)[number];

export const SEVERITY_LABELS: Record<Severity, string> = {
  sev1: "SEV-1",
  sev2: "SEV-2",
  sev3: "SEV-3",
};

export const SEVERITY_MEANINGS: Record<Severity, string> = {
  sev1: "customer-impacting outage",
  sev2: "degraded performance",
  sev3: "minor issue or bug",
};

/** A security event is declared with this severity unless the declarer picks another one. */
export const DEFAULT_SECURITY_SEVERITY: Severity = "sev2";

export function isSeverity(value: string): value is Severity {
  return (SEVERITIES as readonly string[]).includes(value);
}

/** Accepts `sev1`, `SEV-1`, `1`, `sev 1`; returns null for anything else. */
export function parseSeverity(value: string): Severity | null {
  const compact = value
    .trim()
    .toLowerCase()
    .replace(/[\s_-]/g, "");
  const candidate = /^\d$/.test(compact) ? `sev${compact}` : compact;
  return isSeverity(candidate) ? candidate : null;
}

export function severityLabel(severity: Severity, security = false): string {
  return security ? `${SEVERITY_LABELS[severity]} security` : SEVERITY_LABELS[severity];
}
