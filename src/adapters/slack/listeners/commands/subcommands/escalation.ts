import { escalationPlanText } from "../../../blocks/escalation-plan.js";
import { withTimersNote } from "../../../blocks/timers-note.js";
import { noArgs } from "./parse-args.js";
import type { Subcommand } from "./subcommand.js";

const usage = "/incident escalation";

export const escalation: Subcommand<Record<string, never>> = {
  name: "escalation",
  usage,
  summary: "Show the escalation plan: who was paged, what is pending and when, what was skipped and why.",
  scope: "incident",
  parse: noArgs(usage),
  async run({ deps, incident }) {
    const steps = deps.escalations.steps(incident.id);
    const pages = deps.escalations.pages(incident.id);
    const pending = steps.some((s) => s.state === "pending");
    return withTimersNote(
      deps.scheduler,
      escalationPlanText(incident, steps, pages, deps.matrix, deps.clock.now()),
      pending,
    );
  },
};
