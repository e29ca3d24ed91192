import type { Playbook } from "../../../domain/playbooks/playbook.js";
import { type Html, html } from "../html.js";
import { timeEl } from "./format.js";

export function playbooksBody(playbooks: Array<{ playbook: Playbook; lastDrilled: Date | null }>): Html {
  const rows = playbooks.map(
    ({ playbook: p, lastDrilled }) =>
      html`<tr><th scope="row"><a href="/playbooks/${encodeURIComponent(p.id)}">${p.title}</a></th><td>${p.owner}</td><td>${p.backup}</td><td>${p.services.join(", ") || "—"}</td><td>${lastDrilled ? timeEl(lastDrilled) : "never"}</td></tr>`,
  );
  return html`<h1>Playbooks</h1><div class="scroll"><table><caption>${playbooks.length} playbooks</caption>
<thead><tr><th scope="col">Playbook</th><th scope="col">Owner</th><th scope="col">Backup</th><th scope="col">Services</th><th scope="col">Last drilled</th></tr></thead>
<tbody>${rows}</tbody></table></div>`;
}

export const signInBody = (reason: string | null): Html =>
  html`<h1>Sign in to the incident console</h1>${reason ? html`<p class="flash error" role="alert">${reason}</p>` : ""}
<p>The console signs you in through Slack, without a password. In Slack, type</p>
<pre><code>/incident console</code></pre>
<p>and imoc sends you a direct message with a sign-in link. The link works once, for 10 minutes.</p>`;

export const messageBody = (title: string, text: string): Html =>
  html`<h1>${title}</h1><p>${text}</p><p><a href="/console">All incidents</a></p>`;
