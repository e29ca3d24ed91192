import { latestDrill, linkPlaybook } from "../../../../../app/playbooks/link-playbooks.js";
import { confirmPlaybookReview } from "../../../../../app/playbooks/remind-playbook-review.js";
import { listPlaybooks } from "../../../../../app/playbooks/list-playbooks.js";
import {
  playbookLinkReply,
  playbookList,
  playbookMessage,
  unknownPlaybookReply,
} from "../../../blocks/playbook-message.js";
import { playbookReviewedReply } from "../../../blocks/playbook-review-replies.js";
import { optionalWord, parseReviewed } from "./parse-args.js";
import type { Subcommand } from "./subcommand.js";

/** In an incident channel it links the playbook; anywhere else it shows it. */
export const playbook: Subcommand<{ id: string | null; reviewed?: string }> = {
  name: "playbook",
  aliases: ["playbooks"],
  usage: "/incident playbook [id] | playbook reviewed <id>",
  summary: "Post a playbook here and link it to the incident; without an id, list the candidates.",
  scope: "anywhere",
  parse(text) {
    const reviewed = parseReviewed(text);
    if (reviewed) return reviewed;
    const id = optionalWord(text, "Give one playbook id: `/incident playbook api-outage`.");
    return id.ok ? { ok: true, args: { id: id.args } } : id;
  },
  async run({ deps, incident, actor, userId }, { id, reviewed }) {
    if (reviewed)
      return playbookReviewedReply(await confirmPlaybookReview(deps, { playbookId: reviewed, userId }));
    if (!id) return playbookList(listPlaybooks(deps, incident), incident).text;
    const found = deps.playbooks.get(id);
    if (!found) return unknownPlaybookReply(id, deps.playbooks.all());
    if (!incident) {
      return playbookMessage(found, deps.playbooks.url(found.id), { lastDrilled: latestDrill(deps, found) })
        .text;
    }
    const result = linkPlaybook(deps, { incident, playbook: found, actor, reason: "linked by hand" });
    return playbookLinkReply(result, incident);
  },
};
