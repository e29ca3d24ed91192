import type { Incident } from "../../domain/incident/incident.js";
import { canChangeSeverity } from "../../domain/incident/incident-state.js";
import { type Severity, severityLabel } from "../../domain/incident/severity.js";
import type { Deps } from "../deps.js";
import { syncChannel } from "./sync-channel.js";

export type SeverityChangeResult =
  | { kind: "changed"; incident: Incident; from: Severity }
  | { kind: "unchanged"; incident: Incident }
  | { kind: "not-allowed"; incident: Incident; reason: string }
  | { kind: "not-found" };

export async function changeSeverity(
  deps: Pick<Deps, "clock" | "incidents" | "events" | "messages" | "outbox">,
  input: { incidentId: number; severity: Severity; actor: string; actorUserId: string | null },
): Promise<SeverityChangeResult> {
  const at = deps.clock.now();
  let verdict: "unchanged" | "resolved" | null = null;
  let from: Severity | null = null;
  const updated = deps.incidents.updateWith(input.incidentId, (current) => {
    if (!canChangeSeverity(current)) verdict = "resolved";
    else if (current.severity === input.severity) verdict = "unchanged";
    else {
      from = current.severity;
      return {
        patch: { severity: input.severity },
        event: {
          kind: "severity_changed",
          occurredAt: at,
          actor: input.actor,
          text: `Severity changed from ${severityLabel(current.severity)} to ${severityLabel(input.severity)}`,
          data: { from: current.severity, to: input.severity },
        },
      };
    }
    return null;
  });
  if (updated && from) {
    const previous: Severity = from;
    syncChannel(deps, updated, deps.messages.severityChanged(updated, previous, input.actorUserId));
    await deps.events.emit("severityChanged", { incident: updated, from: previous });
    return { kind: "changed", incident: updated, from: previous };
  }
  const current = deps.incidents.get(input.incidentId);
  if (!current) return { kind: "not-found" };
  if (verdict === "resolved") {
    return {
      kind: "not-allowed",
      incident: current,
      reason: "the incident is resolved; its severity is final",
    };
  }
  return { kind: "unchanged", incident: current };
}
