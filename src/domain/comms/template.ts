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

/** Placeholders a template uses that nothing fills in: caught at start-up, not in an incident. */
export function unknownPlaceholders(template: string): string[] {
  const known = new Set<string>(STATUS_UPDATE_PLACEHOLDERS);
  return [...template.matchAll(/\{\{\s*([a-z_]+)\s*\}\}/g)].map((m) => m[1]!).filter((k) => !known.has(k));
}
