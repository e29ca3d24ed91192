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
