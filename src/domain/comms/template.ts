import { neutraliseMentions } from "../text/mentions.js";

/**
 * `{{name}}` placeholders, as operators write them in playbooks/templates/*.md. The values (titles,
 * updates) cannot broadcast; the operator's own template text may (`<!here>` on purpose).
 */
export function renderTemplate(template: string, values: Record<string, string>): string {
  return template
    .replace(/\{\{\s*([a-z_]+)\s*\}\}/g, (whole, key: string) => {
      const value = values[key];
      return value === undefined ? whole : neutraliseMentions(value);
    })
    .trim();
}

export const STATUS_UPDATE_PLACEHOLDERS = [
  "incident",
  "title",
  "severity",
  "status",
  "duration",
  "commander",
  "impact",
  "latest_update",
  "since_last_update",
  "next_update",
  "channel",
  "interval",
] as const;

/** `comms-declared.md`: what comms audiences get when a SEV-1 starts (or a SEV-2 projects an SLA breach). */
export const COMMS_DECLARED_PLACEHOLDERS = [
  "incident",
  "title",
  "severity",
  "status",
  "why",
  "impact",
  "commander",
  "channel",
  "declared_at",
  "details",
] as const;

/** `comms-all-clear.md`: what the audiences that heard of an incident get when it is resolved. */
export const COMMS_ALL_CLEAR_PLACEHOLDERS = [
  "incident",
  "title",
  "severity",
  "duration",
  "summary",
  "commander",
  "channel",
  "declared_at",
  "resolved_at",
] as const;

/** Placeholders a template uses that nothing fills in: caught at start-up, not in an incident. */
export function unknownPlaceholders(
  template: string,
  placeholders: readonly string[] = STATUS_UPDATE_PLACEHOLDERS,
): string[] {
  const known = new Set<string>(placeholders);
  return [...template.matchAll(/\{\{\s*([a-z_]+)\s*\}\}/g)].map((m) => m[1]!).filter((k) => !known.has(k));
}
