import type { LinkResult } from "../../../app/playbooks/link-playbooks.js";
import type { PlaybookEntry } from "../../../app/playbooks/list-playbooks.js";
import { type Incident, incidentRef } from "../../../domain/incident/incident.js";
import { firstTriageSteps, type Playbook } from "../../../domain/playbooks/playbook.js";
import type { ChatMessage } from "../../../ports/chat.js";
import { clip, plain, sectionMessage } from "./parts.js";

const personRef = (p: string) => (/^[UW][A-Z0-9]+$/.test(p) ? `<@${p}>` : plain(p));

function formatDay(date: Date | null): string {
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
  return sectionMessage(clip(lines.join("\n"), 2900));
}

/** `/incident playbook` without an id: in an incident channel, the best matches first. */
export function playbookList(entries: PlaybookEntry[], incident: Incident | null): ChatMessage {
  const heading = incident ? `*Playbooks for ${incidentRef(incident)}* (best matches first)` : "*Playbooks*";
  const lines = [
    heading,
    ...entries.map(
      (e) =>
        `• \`${e.playbook.id}\` <${e.url}|${plain(e.playbook.title)}>${e.standing ? ` — ${e.standing}` : ""}`,
    ),
    "Post one here with `/incident playbook <id>`.",
  ];
  return sectionMessage(clip(lines.join("\n"), 2900));
}

export function noPlaybookMatchesMessage(_incident: Incident): ChatMessage {
  return {
    text: ":grey_question: No playbook matches this title. `/incident playbook` lists them; `/incident playbook <id>` links one.",
  };
}

export function unknownPlaybookReply(id: string, known: readonly Playbook[]): string {
  return `:warning: There is no playbook \`${id}\`. Known: ${known.map((p) => `\`${p.id}\``).join(", ")}.`;
}

export function playbookLinkReply(result: LinkResult, incident: Incident): string {
  return result.kind === "linked"
    ? `:blue_book: Linked "${result.playbook.title}" to ${incidentRef(incident)} and bookmarked it.`
    : `"${result.playbook.title}" is already linked to ${incidentRef(incident)}.`;
}
