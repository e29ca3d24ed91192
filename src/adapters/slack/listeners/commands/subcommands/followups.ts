import { listFollowups } from "../../../../../app/followups/list-followups.js";
import { incidentRef } from "../../../../../domain/incident/incident.js";
import { followupListReply } from "../../../blocks/followup-messages.js";
import { accept, reject, type Subcommand } from "./subcommand.js";

type Args = { which: "open" | "all" };

/** In an incident channel: its follow-ups. Elsewhere: yours, still open. `all` adds the done ones. */
export const followups: Subcommand<Args> = {
  name: "followups",
  aliases: ["follow-ups", "actions"],
  usage: "/incident followups [all]",
  summary: "List the incident's follow-ups (outside an incident channel: your open ones).",
  scope: "anywhere",
  parse: (text) =>
    !text || text.toLowerCase() === "all"
      ? accept({ which: text ? "all" : "open" })
      : reject(`\`/incident followups\` takes nothing or \`all\` (got "${text}").`),
  async run({ deps, incident, userId }, { which }) {
    // A security incident's follow-ups are listed in its own (private) channel only.
    if (incident) {
      const { followups: list, today } = listFollowups(deps, {
        incidentId: incident.id,
        includeSecurity: true,
      });
      const shown = which === "all" ? list : list.filter((f) => f.status === "open");
      const scope = `of ${incidentRef(incident)}${which === "all" ? "" : " still open"}`;
      return followupListReply(
        shown.map((f) => ({ followup: f })),
        today,
        scope,
      );
    }
    const { followups: list, today } = listFollowups(deps, {
      owner: userId,
      ...(which === "all" ? {} : { status: "open" as const }),
      includeSecurity: false,
    });
    const items = list.flatMap((f) => {
      const inc = deps.incidents.get(f.incidentId);
      return inc ? [{ followup: f, incident: inc }] : [];
    });
    return followupListReply(items, today, which === "all" ? "you own" : "you own, still open");
  },
};
