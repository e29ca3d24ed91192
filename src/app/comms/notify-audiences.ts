import type { Incident } from "../../domain/incident/incident.js";
import type { ChatMessage } from "../../ports/chat.js";
import type { SlackJob } from "../../ports/slack-outbox.js";
import type { Deps } from "../deps.js";

/**
 * Posts one message to comms audiences (Slack channels) and records one `comms_sent` event
 * naming who got it. A channel that fails is reported back, the others still get it.
 */
export async function notifyAudiences(
  deps: Pick<Deps, "clock" | "timeline" | "outbox" | "matrix" | "escalationMessages">,
  incident: Incident,
  input: {
    audiences: string[];
    /** `declared`: the declaration template, rendered when sent (so it names the incident channel). */
    message: ChatMessage | { declared: { details: string | null } };
    why: string;
    actor: string;
    /** Added to the `comms_sent` event's data (e.g. which edge of the incident it was). */
    data?: Record<string, unknown>;
  },
): Promise<{ sent: string[]; failed: string[] }> {
  // A security incident's title and updates can be sensitive and its channel is private: the
  // audiences learn that there is news, not what it is.
  const message = incident.security
    ? deps.escalationMessages.securityNotice(incident, input.why)
    : input.message;
  const job = (channel: string, failure: string): SlackJob =>
    "declared" in message
      ? { kind: "declaredComms", channel, why: input.why, details: message.declared.details, failure }
      : { kind: "post", channel, message, failure };
  const sent: string[] = [];
  const failed: string[] = [];
  for (const id of input.audiences) {
    const audience = deps.matrix.comms[id];
    if (!audience) continue;
    // Queued in the incident's lane; one that Slack refuses for good is recorded as a warning then.
    deps.outbox.add(incident.id, job(audience.channel, `Could not send "${input.why}" to ${audience.name}`));
    sent.push(audience.name);
  }
  deps.timeline.append({
    incidentId: incident.id,
    kind: failed.length && !sent.length ? "warning" : "comms_sent",
    occurredAt: deps.clock.now(),
    actor: input.actor,
    text: `${input.why}: sent to ${sent.join(", ") || "nobody"}${failed.length ? `; failed for ${failed.join(", ")}` : ""}`,
    data: { ...input.data, audiences: input.audiences, sent, failed, why: input.why },
  });
  return { sent, failed };
}
