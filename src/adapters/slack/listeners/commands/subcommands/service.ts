import { changeDetails } from "../../../../../app/incident/change-details.js";
import { detailsChangeReply } from "../../../blocks/incident-replies.js";
import { accept, reject, type Subcommand } from "./subcommand.js";

export const service: Subcommand<{ service: string | null }> = {
  name: "service",
  usage: "/incident service <name|none>",
  summary: "Set the affected service; playbooks for it are linked.",
  scope: "incident",
  parse(text) {
    if (!/^[A-Za-z0-9][\w.-]{0,79}$/.test(text))
      return reject("Name one service, e.g. `/incident service checkout-api` (or `none`).");
    const name = text.toLowerCase();
    return accept({ service: name === "none" ? null : name });
  },
  async run(ctx, change) {
    const result = await changeDetails(ctx.deps, {
      incidentId: ctx.incident.id,
      change,
      actor: ctx.actor,
      actorUserId: ctx.userId,
    });
    return detailsChangeReply(result);
  },
};
