import type { SlackState } from "./state.js";

const clip = (text: unknown, max = 80): string => {
  const s = typeof text === "string" ? text : (JSON.stringify(text) ?? "");
  return s.length > max ? `${s.slice(0, max)}…` : s;
};

const time = (ms: number) => new Date(ms).toISOString().slice(11, 23);

/** A readable dump for timeout messages: what the bot called and what ended up where. */
export function describeState(state: SlackState, maxCalls = 60): string {
  const lines: string[] = [];
  const calls = state.calls.slice(-maxCalls);
  lines.push(
    `Slack fake: ${state.calls.length} call(s)${calls.length < state.calls.length ? `, last ${calls.length}` : ""}:`,
  );
  for (const call of calls) {
    // Scalar arguments only: blocks and views would drown the timeline.
    const brief = Object.entries(call.args)
      .filter(([, v]) => typeof v === "string" || typeof v === "number" || typeof v === "boolean")
      .map(([k, v]) => `${k}=${clip(v, 60)}`)
      .join(" ");
    const outcome = call.ok ? "ok" : `ERROR ${call.error}${call.injected ? " (injected)" : ""}`;
    lines.push(`  ${time(call.at)} ${call.method} ${outcome} ${brief}`);
  }
  const byChannel = new Map<string, string[]>();
  for (const m of state.messages) {
    if (m.deleted) continue;
    const list = byChannel.get(m.channel) ?? [];
    const thread = m.threadTs && m.threadTs !== m.ts ? ` (thread ${m.threadTs})` : "";
    list.push(
      `    ${m.ts} ${m.botId ? "bot" : m.user}${thread}: ${clip(m.text || (m.blocks ? "[blocks]" : ""))}`,
    );
    byChannel.set(m.channel, list);
  }
  if (byChannel.size > 0) lines.push("Messages:");
  for (const [id, list] of byChannel) {
    const channel = state.channels.get(id);
    const label = channel?.isIm ? `DM with ${channel.user}` : `#${channel?.name ?? "?"}`;
    lines.push(`  ${label} (${id})`, ...list);
  }
  for (const e of state.ephemerals) lines.push(`Ephemeral to ${e.user} in ${e.channel}: ${clip(e.text)}`);
  for (const r of state.responses) {
    lines.push(`response_url ${r.key} ${r.ok ? "ok" : r.error}: ${clip(r.body.text ?? r.body)}`);
  }
  for (const v of state.views) lines.push(`View ${v.id} ${v.type} callback_id=${v.callbackId ?? "-"}`);
  for (const u of state.unexpected) lines.push(`UNEXPECTED ${u.method} ${u.path}: ${u.reason}`);
  return lines.join("\n");
}
