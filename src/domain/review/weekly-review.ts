import type { Incident } from "../incident/incident.js";

const STOP = new Set([
  "the",
  "and",
  "for",
  "with",
  "from",
  "returns",
  "some",
  "slow",
  "error",
  "errors",
  "failing",
  "fails",
]);

/** SEV-3s group by service when known, else by the first telling word of the title. */
export function patternKey(incident: Pick<Incident, "service" | "title">): string {
  if (incident.service) return incident.service.toLowerCase();
  const words = incident.title.toLowerCase().match(/[a-z0-9][a-z0-9-]{2,}/g) ?? [];
  return words.find((w) => !STOP.has(w)) ?? "other";
}

export function groupSev3(incidents: readonly Incident[]): Array<{ key: string; incidents: Incident[] }> {
  const groups = new Map<string, Incident[]>();
  for (const i of incidents) {
    if (i.severity !== "sev3" || i.drill) continue;
    const key = patternKey(i);
    groups.set(key, [...(groups.get(key) ?? []), i]);
  }
  return [...groups.entries()]
    .map(([key, list]) => ({ key, incidents: list }))
    .sort((a, b) => b.incidents.length - a.incidents.length || a.key.localeCompare(b.key));
}
