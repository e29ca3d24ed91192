import { accept, type Parsed, reject } from "./subcommand.js";

const MAX_TITLE = 150;

/** For subcommands that take nothing: stray words are a mistake worth pointing out. */
export const noArgs =
  (usage: string) =>
  (text: string): Parsed<Record<string, never>> =>
    text ? reject(`\`${usage}\` takes no arguments (got "${text}").`) : accept({});

/** Null when the title fits, else what to fix. */
export function titleProblem(title: string): string | null {
  return title.length > MAX_TITLE
    ? `The title is ${title.length} characters; keep it under ${MAX_TITLE}.`
    : null;
}

/** Zero or one word (`/incident playbook [id]`); null when there is none. */
export function optionalWord(text: string, hint: string): Parsed<string | null> {
  return /^\S*$/.test(text) ? accept(text || null) : reject(hint);
}

/** `reviewed <playbook id>` (`/incident playbook reviewed api-outage`); null when the text is something else. */
export function parseReviewed(text: string): Parsed<{ id: null; reviewed: string }> | null {
  const m = /^reviewed(?:\s+(.*))?$/i.exec(text);
  if (!m) return null;
  const id = m[1]?.trim() ?? "";
  return /^\S+$/.test(id)
    ? accept({ id: null, reviewed: id })
    : reject("Name the playbook you updated: `/incident playbook reviewed api-outage`.");
}
