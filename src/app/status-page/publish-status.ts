import type { Incident } from "../../domain/incident/incident.js";
import {
  impactOf,
  PUBLIC_STATE_LABELS,
  type Publication,
  publicStateOf,
} from "../../domain/status-page/status-page.js";
import type { Deps } from "../deps.js";

export type PublishResult =
  | { kind: "published"; publication: Publication; url: string }
  | { kind: "refused"; reason: string };

/** Longer than any customer reads on a status page; the page is not a postmortem. */
export const MAX_PUBLIC_TEXT = 2000;

/** The page's components: the services the matrix and the playbooks name (case kept as first written). */
export function statusComponents(deps: Pick<Deps, "matrix" | "playbooks">): string[] {
  const names = new Map<string, string>();
  for (const name of [...deps.matrix.services, ...deps.playbooks.all().flatMap((p) => p.services)])
    if (!names.has(name.toLowerCase())) names.set(name.toLowerCase(), name);
  return [...names.values()];
}

/**
 * A customer-facing update, published by a person: exactly `text`, with the public state of the
 * incident's status and its affected component. Recorded with its timeline event; said in the
 * incident channel. Nothing is ever published on its own, so a security incident appears only
 * when someone publishes it; a drill never does.
 */
export function publishStatus(
  deps: Pick<
    Deps,
    | "clock"
    | "transaction"
    | "statusPublications"
    | "outbox"
    | "matrix"
    | "playbooks"
    | "statusPageUrl"
    | "statusPageMessages"
  >,
  input: { incident: Incident; text: string; actor: string; actorUserId: string | null },
): PublishResult {
  const { incident } = input;
  const text = input.text.trim();
  if (incident.drill)
    return { kind: "refused", reason: "a drill is never published on the public status page" };
  if (!text) return { kind: "refused", reason: "write what customers should read" };
  if (text.length > MAX_PUBLIC_TEXT)
    return {
      kind: "refused",
      reason: `the text is ${text.length} characters; keep it under ${MAX_PUBLIC_TEXT} (customers read a status page, not a report)`,
    };
  const service = incident.service?.toLowerCase();
  const components = statusComponents(deps).filter((c) => c.toLowerCase() === service);
  const state = publicStateOf(incident.status);
  const url = deps.statusPageUrl();
  // The publication, its timeline event and the channel line commit together.
  return deps.transaction(() => {
    const publication = deps.statusPublications.publish(
      {
        incidentId: incident.id,
        publishedAt: deps.clock.now(),
        state,
        impact: impactOf(incident.severity),
        components,
        text,
        publishedBy: input.actor,
      },
      {
        kind: "status_page_published",
        occurredAt: deps.clock.now(),
        actor: input.actor,
        text: `Published on the status page (${PUBLIC_STATE_LABELS[state]}): ${text}`,
        data: { state, impact: impactOf(incident.severity), components },
      },
    );
    deps.outbox.add(incident.id, {
      kind: "post",
      message: deps.statusPageMessages.published(incident, { state, text, url, byUserId: input.actorUserId }),
      failure: "Could not say in the channel that the status page was updated",
    });
    return { kind: "published" as const, publication, url };
  });
}

/**
 * Resolving an incident whose customers were told something: the commander (the declarer while
 * there is none) is asked to publish the resolution, so the page does not say "investigating" for ever.
 */
export function askToPublishResolution(
  deps: Pick<Deps, "statusPublications" | "outbox" | "statusPageMessages" | "statusPageUrl">,
  incident: Incident,
): void {
  if (incident.status !== "resolved") return;
  const latest = deps.statusPublications.forIncident(incident.id).at(-1);
  if (!latest || latest.state === "resolved") return;
  deps.outbox.add(incident.id, {
    kind: "dm",
    user: incident.commander ?? incident.declaredBy,
    message: deps.statusPageMessages.publishResolution(incident, {
      showing: latest.state,
      url: deps.statusPageUrl(),
    }),
  });
}
