/** Slack channel names: lowercase letters, digits, `-` and `_`, at most 80 characters. */
export const MAX_CHANNEL_NAME = 80;

export function slugify(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, "-")
    .replace(/-{2,}/g, "-")
    .replace(/^[-_]+|[-_]+$/g, "");
}

/**
 * `inc-<number>-<slug-of-title>`; `attempt` > 1 appends `-<attempt>` for Slack's `name_taken`.
 * The slug is cut at a word boundary when possible so the name stays readable.
 */
export function incidentChannelName(incidentNumber: number, title: string, attempt = 1): string {
  const prefix = `inc-${incidentNumber}`;
  const suffix = attempt > 1 ? `-${attempt}` : "";
  const room = MAX_CHANNEL_NAME - prefix.length - suffix.length - 1;
  let slug = slugify(title);
  if (slug.length > room) {
    const cut = slug.slice(0, room);
    const lastDash = cut.lastIndexOf("-");
    slug = (lastDash > room / 2 ? cut.slice(0, lastDash) : cut).replace(/[-_]+$/, "");
  }
  return slug ? `${prefix}-${slug}${suffix}` : `${prefix}${suffix}`;
}

export function isValidChannelName(name: string): boolean {
  return name.length > 0 && name.length <= MAX_CHANNEL_NAME && /^[a-z0-9_-]+$/.test(name);
}
