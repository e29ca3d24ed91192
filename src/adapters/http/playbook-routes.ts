import { Router } from "express";
import type { Playbook } from "../../domain/playbooks/playbook.js";
import type { PlaybookLibrary } from "../../ports/playbook-library.js";
import { escapeHtml as e, renderMarkdown } from "./markdown.js";

const day = (d: Date | null) => (d ? d.toISOString().slice(0, 10) : "never");

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${e(title)} · imoc playbooks</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:50rem;margin:2rem auto;padding:0 1rem}
dt{font-weight:600}pre{background:#f4f4f4;padding:.75rem;overflow:auto}table{border-collapse:collapse}
td,th{border:1px solid #ddd;padding:.25rem .5rem;text-align:left}</style></head>
<body>${body}</body></html>`;
}

function playbookPage(p: Playbook, lastDrilled: Date | null): string {
  const list = (items: string[]) => (items.length ? items.map(e).join(", ") : "—");
  const links = p.links.length
    ? `<ul>${p.links.map((l) => `<li>${e(l.kind)}: <a href="${e(l.url)}" rel="noopener noreferrer">${e(l.title)}</a></li>`).join("")}</ul>`
    : "<p>—</p>";
  const triggers = p.escalationTriggers.length
    ? `<ul>${p.escalationTriggers.map((t) => `<li>${e(t)}</li>`).join("")}</ul>`
    : "<p>—</p>";
  return page(
    p.title,
    `<p><a href="/playbooks">All playbooks</a></p><h1>${e(p.title)}</h1>
<dl><dt>Id</dt><dd><code>${e(p.id)}</code></dd><dt>Owner</dt><dd>${e(p.owner)}</dd><dt>Backup</dt><dd>${e(p.backup)}</dd>
<dt>Services</dt><dd>${list(p.services)}</dd><dt>Severities</dt><dd>${list(p.severities)}</dd>
<dt>Last drilled</dt><dd>${day(lastDrilled)}</dd></dl>
<h2>Data sources and runbooks</h2>${links}<h2>Escalation triggers</h2>${triggers}
<hr>${renderMarkdown(p.body)}`,
  );
}

/** `GET /playbooks` and `GET /playbooks/{id}`: the links in Slack work for people without the repo. */
export function playbookRouter(library: PlaybookLibrary, lastDrilled: (p: Playbook) => Date | null): Router {
  const http = Router();
  http.get("/playbooks", (_req, res) => {
    const rows = library
      .all()
      .map(
        (p) =>
          `<tr><td><a href="/playbooks/${encodeURIComponent(p.id)}">${e(p.title)}</a></td><td>${e(p.owner)}</td><td>${day(lastDrilled(p))}</td></tr>`,
      )
      .join("");
    res
      .type("html")
      .send(
        page(
          "Playbooks",
          `<h1>Playbooks</h1><table><tr><th>Playbook</th><th>Owner</th><th>Last drilled</th></tr>${rows}</table>`,
        ),
      );
  });
  http.get("/playbooks/:id", (req, res) => {
    const playbook = library.get(req.params.id);
    if (!playbook) {
      res
        .status(404)
        .type("html")
        .send(
          page(
            "Not found",
            `<h1>No playbook "${e(req.params.id)}"</h1><p><a href="/playbooks">All playbooks</a></p>`,
          ),
        );
      return;
    }
    res.type("html").send(playbookPage(playbook, lastDrilled(playbook)));
  });
  return http;
}
