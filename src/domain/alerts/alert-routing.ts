import type { Severity } from "../incident/severity.js";

/** What an alert route does with a new alert group. */
export type AlertMode = "declare" | "triage";
export type AlertSeverity = Severity | "security";

/** One route of the matrix's `alerts:` section, after loading (regexes compiled). */
export interface AlertRoute {
  /** `alerts.routes[i]` in messages; the route's `name` when it has one. */
  name: string;
  /** Labels that must be equal. */
  match: Record<string, string>;
  /** Labels that must match the whole regex. */
  matchRe: Record<string, RegExp>;
  /** PagerDuty service ids whose own incidents this route takes. */
  pagerdutyServices: string[];
  severity: AlertSeverity;
  service: string | null;
  playbook: string | null;
  mode: AlertMode;
}

export interface AlertRouting {
  /** Where triage messages and storm messages go; null: INCIDENTS_CHANNEL. */
  triageChannel: string | null;
  /**
   * Where security-severity triage messages go in full (a private channel); null: they go to the
   * triage channel redacted (no labels, annotations, summary or link).
   */
  securityTriageChannel?: string | null;
  /** More than `stormGroups` new groups within `stormWindowMs` is a storm. */
  stormGroups: number;
  stormWindowMs: number;
  /** A SEV-1/SEV-2 not acknowledged this long after its first page gets one line (handbook: 5 min). */
  unacknowledgedAfterMs?: number;
  routes: AlertRoute[];
}

export const DEFAULT_ALERT_ROUTING: AlertRouting = {
  triageChannel: null,
  securityTriageChannel: null,
  stormGroups: 10,
  stormWindowMs: 5 * 60_000,
  unacknowledgedAfterMs: 5 * 60_000,
  routes: [],
};

/** An alert group as both sources give it: an Alertmanager group or a PagerDuty incident. */
export interface IncomingAlert {
  source: "alertmanager" | "pagerduty";
  /** Alertmanager's groupKey or PagerDuty's incident id: one incident or triage message per key. */
  key: string;
  status: "firing" | "resolved";
  alertname: string;
  /** Labels every alert of the group shares (what routes match on). */
  labels: Record<string, string>;
  pagerdutyService: string | null;
  title: string;
  /** Alerts in this notification. */
  alerts: number;
  /** Where the alert came from (generator URL, Alertmanager, PagerDuty incident). */
  link: string | null;
}

/** The first route that matches the alert, in file order; null when none does. */
export function routeFor(routes: readonly AlertRoute[], alert: IncomingAlert): AlertRoute | null {
  for (const route of routes) {
    if (alert.pagerdutyService && route.pagerdutyServices.includes(alert.pagerdutyService)) return route;
    const hasLabelRules = Object.keys(route.match).length + Object.keys(route.matchRe).length > 0;
    if (!hasLabelRules) continue;
    const exact = Object.entries(route.match).every(([k, v]) => alert.labels[k] === v);
    const regex = Object.entries(route.matchRe).every(([k, re]) => {
      const value = alert.labels[k];
      return value !== undefined && re.test(value);
    });
    if (exact && regex) return route;
  }
  return null;
}

/** A new group arriving when `recentNewGroups` others arrived within the window starts or joins a storm. */
export function isStorm(routing: Pick<AlertRouting, "stormGroups">, recentNewGroups: number): boolean {
  return recentNewGroups + 1 > routing.stormGroups;
}

/**
 * The alert names a route can produce, for "no alert without a runbook": its exact `alertname`,
 * or null when it can produce any name (regex, PagerDuty service, no alertname rule).
 */
export function routeAlertName(route: AlertRoute): string | null {
  return route.match.alertname ?? null;
}

/** An incident opened from one alert: "<alertname>: <title>", or the title alone when it is the name. */
export const alertIncidentTitle = (alert: { alertname: string; title: string }): string =>
  alert.title === alert.alertname ? alert.title : `${alert.alertname}: ${alert.title}`;
