import type { Incident } from "../../../src/domain/incident/incident.js";

/** INC-42, a SEV-1 declared 2026-11-25 03:02 UTC by U_DANA, with what a test changes on top. */
export function anIncident(changes: Partial<Incident> = {}): Incident {
  return {
    id: 42,
    title: "Checkout API returns 500s",
    description: null,
    severity: "sev1",
    security: false,
    drill: false,
    service: null,
    status: "declared",
    channelId: "C042",
    channelName: "inc-42-checkout-api-returns-500s",
    declaredBy: "U_DANA",
    commander: null,
    declaredAt: new Date("2026-11-25T03:02:00.000Z"),
    acknowledgedAt: null,
    mitigatedAt: null,
    resolvedAt: null,
    resolutionSummary: null,
    ...changes,
  };
}
