import { assignRole } from "../../../../../app/incident/assign-role.js";
import type { Role } from "../../../../../ports/role-store.js";
import { ROLES } from "../../../../../ports/role-store.js";
import { roleReply } from "../../../blocks/incident-replies.js";
import { accept, reject, type Subcommand } from "./subcommand.js";

const isRole = (word: string): word is Role => (ROLES as readonly string[]).includes(word);

export const role: Subcommand<{ role: Role; userId: string }> = {
  name: "role",
  usage: "/incident role <commander|comms|scribe> @person",
  summary: "Give someone a role: invited, told what it means, recorded.",
  scope: "incident",
  parse(text) {
    // Slack escapes a mention as <@U123|name>.
    const m = /^(\S+)\s+<@([UW][A-Z0-9_]+)(?:\|[^>]*)?>$/.exec(text);
    const word = m?.[1]?.toLowerCase().replace(/^(ic|incident-commander)$/, "commander") ?? "";
    const userId = m?.[2];
    if (!userId || !isRole(word)) {
      return reject(
        "Name a role and mention one person: `/incident role commander @dana` (roles: commander, comms, scribe).",
      );
    }
    return accept({ role: word, userId });
  },
  async run(ctx, args) {
    const result = await assignRole(ctx.deps, {
      incident: ctx.incident,
      role: args.role,
      userId: args.userId,
      actor: ctx.actor,
      actorUserId: ctx.userId,
    });
    return roleReply(result);
  },
};
