/** The handbook's quality gate: more than 80% of alerts are actionable. */
export const ACTIONABILITY_TARGET = 0.8;

export type Verdict = "actionable" | "noise";

/** One person's answer to "was this alert (or page) actionable?"; the latest answer counts. */
export interface AlertFeedback {
  alertname: string | null;
  playbook: string | null;
  verdict: Verdict;
}

export interface ActionabilityRow {
  key: string;
  actionable: number;
  noise: number;
  /** actionable / answers, 0..1. */
  rate: number;
  meetsTarget: boolean;
}

export interface ActionabilityReport {
  target: number;
  answers: number;
  overall: ActionabilityRow | null;
  byAlert: ActionabilityRow[];
  byPlaybook: ActionabilityRow[];
  /** Alert names under the target, the noisiest first: what to tune. */
  needsTuning: ActionabilityRow[];
}

/** Pages of incidents declared by hand, and alerts no playbook answers, are grouped under these keys. */
export const NO_ALERT = "(declared by hand)";
export const NO_PLAYBOOK = "(no playbook)";

function rows(feedback: readonly AlertFeedback[], keyOf: (f: AlertFeedback) => string): ActionabilityRow[] {
  const counts = new Map<string, { actionable: number; noise: number }>();
  for (const f of feedback) {
    const key = keyOf(f);
    const c = counts.get(key) ?? { actionable: 0, noise: 0 };
    c[f.verdict]++;
    counts.set(key, c);
  }
  return [...counts.entries()]
    .map(([key, c]) => row(key, c.actionable, c.noise))
    .sort((a, b) => b.actionable + b.noise - (a.actionable + a.noise) || a.key.localeCompare(b.key));
}

function row(key: string, actionable: number, noise: number): ActionabilityRow {
  const rate = actionable / (actionable + noise);
  return { key, actionable, noise, rate, meetsTarget: rate >= ACTIONABILITY_TARGET };
}

/** Actionability per alert name and per playbook, against the handbook's 80%. */
export function actionability(feedback: readonly AlertFeedback[], tuningLimit = 5): ActionabilityReport {
  const actionable = feedback.filter((f) => f.verdict === "actionable").length;
  const byAlert = rows(feedback, (f) => f.alertname ?? NO_ALERT);
  return {
    target: ACTIONABILITY_TARGET,
    answers: feedback.length,
    overall: feedback.length ? row("all", actionable, feedback.length - actionable) : null,
    byAlert,
    byPlaybook: rows(feedback, (f) => f.playbook ?? NO_PLAYBOOK),
    needsTuning: byAlert
      .filter((r) => !r.meetsTarget && r.key !== NO_ALERT)
      .sort((a, b) => b.noise - a.noise || a.rate - b.rate || a.key.localeCompare(b.key))
      .slice(0, tuningLimit),
  };
}
