import type { ModalView } from "@slack/types";
import type { Deps } from "../../../../../app/deps.js";
import type { Incident } from "../../../../../domain/incident/incident.js";
import type { Actor } from "../../../../../domain/timeline/timeline-event.js";

/** Parsed arguments, or what to fix in words the person can act on. */
export type Parsed<A> = { ok: true; args: A } | { ok: false; error: string };

export const accept = <A>(args: A): Parsed<A> => ({ ok: true, args });
export const reject = (error: string): Parsed<never> => ({ ok: false, error });

/** What a subcommand runs with: who typed it, where, and the use cases' dependencies. */
export interface CommandContext {
  deps: Deps;
  userId: string;
  actor: Actor;
  channelId: string;
  /** Where an answer can be sent later (30 minutes, 5 uses); null outside a slash command. */
  responseUrl: string | null;
  /** The incident whose channel the command was typed in, if any. */
  incident: Incident | null;
  openModal(view: ModalView): Promise<void>;
  /** The whole table, for `/incident help`. */
  subcommands: readonly Subcommand[];
}

export type InIncidentContext = CommandContext & { incident: Incident };

interface Common<A> {
  name: string;
  /** Other words people type for it (`close` for `resolve`). */
  aliases?: readonly string[];
  /** One line of `/incident help`; also shown under a parse error. */
  usage: string;
  summary: string;
  /** The text after the subcommand's name, trimmed. */
  parse(text: string): Parsed<A>;
}

/**
 * One `/incident` subcommand. The listener has acked already; `run` calls one use case and
 * returns the ephemeral answer (null: nothing to say). `scope: "incident"` subcommands are
 * answered "not an incident channel" before `run` outside one.
 */
export type Subcommand<A = unknown> =
  | (Common<A> & { scope: "anywhere"; run(ctx: CommandContext, args: A): Promise<string | null> })
  | (Common<A> & { scope: "incident"; run(ctx: InIncidentContext, args: A): Promise<string | null> });
