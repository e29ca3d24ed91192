import type { Incident } from "../domain/incident.js";
import type { EscalationDeps } from "./escalation-deps.js";

/**
 * Posts one message to comms audiences (Slack channels) and records one `comms_sent` event
 * naming who got it. A channel that fails is reported back, the others still get it.
 */
export async function notifyAudiences(
  deps: EscalationDeps,
  incident: Incident,
  input: { audiences: string[]; text: string; why: string; actor: string },
): Promise<{ sent: string[]; failed: string[] }> {
  const sent: string[] = [];
  const failed: string[] = [];
  for (const id of input.audiences) {
    const audience = deps.matrix.comms[id];
    if (!audience) continue;
    try {
      await deps.chat.post(audience.channel, { text: input.text });
      sent.push(audience.name);
    } catch (error) {
      deps.logger.warn({ err: error, incidentId: incident.id, audience: id }, "could not post comms");
      failed.push(audience.name);
    }
  }
  deps.timeline.append({
    incidentId: incident.id,
    kind: failed.length && !sent.length ? "warning" : "comms_sent",
    occurredAt: deps.clock.now(),
    actor: input.actor,
    text: `${input.why}: sent to ${sent.join(", ") || "nobody"}${failed.length ? `; failed for ${failed.join(", ")}` : ""}`,
    data: { audiences: input.audiences, sent, failed, why: input.why },
  });
  return { sent, failed };
}
