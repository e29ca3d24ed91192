import { type Followup, followupState } from "../../../domain/followups/followup.js";
import { type Html, html } from "../html.js";
import { type Names, userLabel } from "./format.js";

/** The incident's follow-ups: owner, due day, open / overdue / done. */
export function followUpsSection(followups: readonly Followup[], today: string, names: Names): Html {
  const open = followups.filter((f) => f.status === "open").length;
  return html`<section id="followups" aria-labelledby="followups-h"><h2 id="followups-h">Follow-ups</h2>
<div class="scroll"><table><caption>${followups.length} follow-ups, ${open} open</caption>
<thead><tr><th scope="col">#</th><th scope="col">What</th><th scope="col">Owner</th><th scope="col">Due</th><th scope="col">State</th></tr></thead>
<tbody>${followups.map(
    (f) =>
      html`<tr><td>${f.id}</td><td>${f.text}</td><td>${userLabel(names, f.owner)}</td><td>${f.dueOn ?? "—"}</td><td>${followupState(f, today)}</td></tr>`,
  )}</tbody></table></div></section>`;
}
