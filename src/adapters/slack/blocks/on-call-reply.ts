import type { OnCallAnswer, OnCallPerson } from "../../../ports/on-call-directory.js";

const until = (d: Date | null) =>
  d ? `until ${d.toISOString().slice(0, 16).replace("T", " ")} UTC` : "always on call";

function person(p: OnCallPerson): string {
  const who = p.slackUserId
    ? `<@${p.slackUserId}> (${p.name})`
    : p.email
      ? `${p.name} (${p.email}, no Slack account with that e-mail)`
      : p.name;
  return `• ${who}, ${until(p.until)}${p.escalationLevel > 1 ? `, level ${p.escalationLevel}` : ""}`;
}

/** The answer to `/incident oncall [target]`; PagerDuty being away is said plainly. */
export function onCallReply(answers: OnCallAnswer[]): string {
  if (answers.length === 0) {
    return "No escalation-matrix target has a PagerDuty schedule or escalation policy, so there is no one to look up.";
  }
  return answers
    .map((a) => {
      switch (a.kind) {
        case "on-call": {
          const people = a.people.map(person);
          const age = a.cached ? ` _(as of ${a.fetchedAt.toISOString().slice(11, 16)} UTC)_` : "";
          return `*${a.target}*${age}\n${people.length ? people.join("\n") : "• nobody is on call right now"}`;
        }
        case "not-in-pagerduty":
          return `*${a.target}*: the matrix gives it no PagerDuty schedule or escalation policy, so there is no rota to look up; its Slack users are paged directly.`;
        case "unknown-target":
          return `:warning: "${a.target}" is not a target in the escalation matrix. Known: ${a.known.join(", ") || "none"}.`;
        default: {
          const old = a.lastKnown
            ? `\nLast known, as of ${a.lastKnown.fetchedAt.toISOString().slice(11, 16)} UTC:\n${a.lastKnown.people.map(person).join("\n")}`
            : "";
          return `:warning: *${a.target}*: could not ask PagerDuty who is on call — ${a.reason}. Check PagerDuty directly (app or web) and page by hand if needed.${old}`;
        }
      }
    })
    .join("\n\n");
}
