import type { ConsoleSession } from "../../../ports/console-store.js";
import { type Html, html } from "../html.js";

export interface PageShell {
  title: string;
  /** The signed-in person (null on the sign-in pages). */
  viewer: (ConsoleSession & { name: string }) | null;
  current?: "incidents" | "playbooks";
  /** The page's Server-Sent Events URL, when it updates live. */
  stream?: string;
  body: Html;
}

const navLink = (href: string, label: string, current: boolean) =>
  html`<a href="${href}"${current ? html` aria-current="page"` : ""}>${label}</a>`;

/** Every console page: skip link, landmarks, one stylesheet and one small script from the bot itself. */
export function layout(p: PageShell): string {
  const who = p.viewer
    ? html`<div class="who"><span>Signed in as <strong>${p.viewer.name}</strong> (${p.viewer.role})</span>
<form method="post" action="/console/logout"><input type="hidden" name="_csrf" value="${p.viewer.csrf}"><button type="submit" class="link">Sign out</button></form></div>`
    : "";
  const nav = p.viewer
    ? html`<nav aria-label="Console"><ul>
<li>${navLink("/console", "Incidents", p.current === "incidents")}</li>
<li>${navLink("/console/playbooks", "Playbooks", p.current === "playbooks")}</li></ul></nav>`
    : "";
  return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>${p.title} · imoc console</title>
<link rel="stylesheet" href="/console/assets/console.css">
<script src="/console/assets/console.js" defer></script></head>
<body${p.stream ? html` data-stream="${p.stream}"` : ""}>
<a class="skip" href="#main">Skip to content</a>
<header class="top"><p class="brand"><a href="/console">imoc</a></p>${nav}${who}</header>
<main id="main" tabindex="-1">
${p.body}
</main>
<footer><p>Times are shown in your time zone (UTC without JavaScript); hover a time for UTC.</p></footer>
<div id="live-status" class="visually-hidden" role="status" aria-live="polite"></div>
</body></html>`.value;
}
