import { changeDetails } from "../../../../../app/incident/change-details.js";
import { detailsChangeReply } from "../../../blocks/incident-replies.js";
import { titleProblem } from "./parse-args.js";
import { accept, reject, type Subcommand } from "./subcommand.js";

export const title: Subcommand<{ title: string }> = {
  name: "title",
  usage: "/incident title <new title>",
  summary: "Rename the incident (topic updated, playbooks matched again).",
  scope: "incident",
  parse(text) {
    if (!text) return reject("Write the new title: `/incident title Checkout API returns 500s in EU`.");
    const problem = titleProblem(text);
    return problem ? reject(problem) : accept({ title: text });
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
