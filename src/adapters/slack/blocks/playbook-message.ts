import { firstTriageSteps, type Playbook } from "../../../domain/playbooks/playbook.js";
import type { Block, ChatMessage } from "../../../ports/chat.js";

const section = (text: string): Block => ({ type: "section", text: { type: "mrkdwn", text } });
/** Slack mrkdwn control characters; playbook text is the team's, not markup for Slack. */
const plain = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
export const personRef = (p: string) => (/^[UW][A-Z0-9]+$/.test(p) ? `<@${p}>` : plain(p));

export function formatDay(date: Date | null): string {
  return date ? date.toISOString().slice(0, 10) : "never";
}

/** Title, owner, the first triage steps and the link: enough to start before opening it. */
export function playbookMessage(
  playbook: Playbook,
  url: string,
  opts: { reason?: string; lastDrilled?: Date | null } = {},
): ChatMessage {
  const steps = firstTriageSteps(playbook.body);
  const lines = [
    `:blue_book: *Playbook: <${url}|${plain(playbook.title)}>*${opts.reason ? ` (${plain(opts.reason)})` : ""}`,
    `Owner ${personRef(playbook.owner)} · backup ${personRef(playbook.backup)} · last drilled ${formatDay(opts.lastDrilled ?? playbook.lastDrilled)}`,
    ...(steps.length ? ["*First steps*", ...steps.map((s, i) => `${i + 1}. ${plain(clip(s, 300))}`)] : []),
  ];
  const links = playbook.links.slice(0, 4).map((l) => `<${l.url}|${plain(l.title)}>`);
  if (links.length) lines.push(`Data sources: ${links.join(" · ")}`);
  // A section block holds at most 3000 characters; the link at the top always survives.
  const text = clip(lines.join("\n"), 2900);
  return { text, blocks: [section(text)] };
}

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

export function playbookList(
  entries: Array<{ playbook: Playbook; url: string; note?: string }>,
  heading: string,
): ChatMessage {
  const lines = [
    heading,
    ...entries.map(
      (e) =>
        `• \`${e.playbook.id}\` <${e.url}|${plain(e.playbook.title)}>${e.note ? ` — ${plain(e.note)}` : ""}`,
    ),
    "Post one here with `/incident playbook <id>`.",
  ];
  const text = clip(lines.join("\n"), 2900);
  return { text, blocks: [section(text)] };
}
