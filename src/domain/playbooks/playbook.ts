import type { Incident } from "../incident/incident.js";
import type { Severity } from "../incident/severity.js";

/** A playbook as the team writes it in `playbooks/<file>.md`: front matter plus a Markdown body. */
export interface Playbook {
  id: string;
  title: string;
  /** Slack user ids (`U123`) or handles (`@dana`). */
  owner: string;
  backup: string;
  services: string[];
  keywords: string[];
  /** Matrix targets whose alerts this playbook answers ("no alert without a runbook"). */
  targets: string[];
  severities: Array<Severity | "security">;
  links: Array<{ title: string; url: string; kind: string }>;
  escalationTriggers: string[];
  /** Alert names this playbook answers ("each alert links to a playbook"); optional for older fixtures. */
  alerts?: string[];
  /** From front matter; the drill record may know a later date. */
  lastDrilled: Date | null;
  body: string;
  /** File name inside the playbooks folder, for messages that say what to fix. */
  file: string;
}

export interface PlaybookMatch {
  playbook: Playbook;
  score: number;
  reasons: string[];
}

const words = (text: string) =>
  new Set(
    text
      .toLowerCase()
      .split(/[^a-z0-9]+/)
      .filter(Boolean),
  );

/** A keyword matches when all its words appear: "5xx" matches "returns 5xx", "500s" needs itself. */
function keywordHits(keyword: string, textWords: Set<string>, text: string): boolean {
  const k = keyword.toLowerCase().trim();
  if (!k) return false;
  if (k.includes(" ")) return text.includes(k);
  return textWords.has(k);
}

/**
 * Scores playbooks against what is known about the incident. The service is the strongest
 * signal (someone chose it); keywords in title and description come next; a playbook written for
 * security events gets a lift when the incident is one. Only positive scores are returned.
 */
export function matchPlaybooks(
  playbooks: readonly Playbook[],
  incident: Pick<Incident, "title" | "description" | "service" | "security" | "severity">,
): PlaybookMatch[] {
  const text = `${incident.title} ${incident.description ?? ""}`.toLowerCase();
  const textWords = words(text);
  const service = incident.service?.toLowerCase().trim() || null;
  const matches: PlaybookMatch[] = [];
  for (const playbook of playbooks) {
    let score = 0;
    const reasons: string[] = [];
    const services = playbook.services.map((s) => s.toLowerCase());
    if (service && services.includes(service)) {
      score += 10;
      reasons.push(`service ${service}`);
    }
    for (const s of services) {
      if (s !== service && keywordHits(s, textWords, text)) {
        score += 3;
        reasons.push(`mentions ${s}`);
      }
    }
    for (const keyword of playbook.keywords) {
      if (keywordHits(keyword, textWords, text)) {
        score += 2;
        reasons.push(`"${keyword}"`);
      }
    }
    if (incident.security && playbook.severities.includes("security")) {
      score += 5;
      reasons.push("security event");
    }
    if (score > 0) matches.push({ playbook, score, reasons });
  }
  return matches.sort((a, b) => b.score - a.score || a.playbook.id.localeCompare(b.playbook.id));
}

/** The best matches worth showing: the top one, and others within half its score (at most 3). */
export function bestMatches(matches: readonly PlaybookMatch[], limit = 3): PlaybookMatch[] {
  const top = matches[0];
  if (!top) return [];
  return matches.filter((m) => m.score * 2 >= top.score).slice(0, limit);
}

/** The first `count` items of the first ordered list in the body: what to do in the first minutes. */
export function firstTriageSteps(body: string, count = 3): string[] {
  const steps: string[] = [];
  for (const line of body.split("\n")) {
    const m = /^\s{0,3}\d+[.)]\s+(.*)$/.exec(line);
    if (m?.[1]) steps.push(m[1].trim());
    else if (steps.length > 0 && line.trim() === "") break;
    if (steps.length >= count) break;
  }
  return steps;
}

/** The playbook an alert links: the route's, else the first whose `alerts` names it. */
export function playbookForAlert(
  playbooks: readonly Playbook[],
  alertname: string,
  routePlaybook: string | null,
): Playbook | null {
  if (routePlaybook) return playbooks.find((p) => p.id === routePlaybook) ?? null;
  const name = alertname.toLowerCase();
  return playbooks.find((p) => (p.alerts ?? []).some((a) => a.toLowerCase() === name)) ?? null;
}
