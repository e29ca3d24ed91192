import type { Incident } from "../../domain/incident/incident.js";
import type { Deps } from "../deps.js";
import { syncChannel } from "./sync-channel.js";

export type DetailsChangeResult =
  | { kind: "changed"; incident: Incident }
  | { kind: "unchanged"; incident: Incident }
  | { kind: "not-found" };

/**
 * Renames the incident or sets its affected service. The channel keeps its name (links to it must
 * keep working); the topic follows, and observers (playbook linking) see the new details.
 */
export async function changeDetails(
  deps: Pick<Deps, "clock" | "incidents" | "events" | "messages" | "outbox">,
  input: {
    incidentId: number;
    change: { title: string } | { service: string | null };
    actor: string;
    actorUserId: string | null;
  },
): Promise<DetailsChangeResult> {
  let from: Pick<Incident, "title" | "service"> | null = null;
  const updated = deps.incidents.updateWith(input.incidentId, (current) => {
    const field = "title" in input.change ? "title" : "service";
    const value = "title" in input.change ? input.change.title : input.change.service;
    if (current[field] === value) return null;
    from = { title: current.title, service: current.service };
    return {
      patch: { [field]: value },
      event: {
        kind: "details_changed",
        occurredAt: deps.clock.now(),
        actor: input.actor,
        text:
          field === "title"
            ? `Title changed from "${current.title}" to "${value}"`
            : `Service set to ${value ?? "none"}${current.service ? ` (was ${current.service})` : ""}`,
        data: { field, from: current[field], to: value },
      },
    };
  });
  if (!updated || !from) {
    const current = deps.incidents.get(input.incidentId);
    return current ? { kind: "unchanged", incident: current } : { kind: "not-found" };
  }
  const previous: Pick<Incident, "title" | "service"> = from;
  const field = "title" in input.change ? "title" : "service";
  syncChannel(deps, updated, deps.messages.detailsChanged(updated, field, input.actorUserId));
  await deps.events.emit("detailsChanged", { incident: updated, from: previous });
  return { kind: "changed", incident: updated };
}
