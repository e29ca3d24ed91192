import type { Incident } from "../../src/domain/incident/incident.js";
import type { NewIncident, PendingEvent } from "../../src/ports/incident-store.js";
import type { OpenRecord } from "./records.js";
import { recordsPerTest } from "./seed.js";

/** A clock the test moves by hand; times carry milliseconds, which both records must keep. */
export function handClock(iso = "2026-11-27T10:00:00.123Z") {
  let now = Date.parse(iso);
  return {
    now: () => new Date(now),
    advance(ms: number) {
      now += ms;
    },
  };
}

/** Opens the record for each test and closes it (and every reopened view) after it. */
export function useRecord(open: OpenRecord) {
  const records = recordsPerTest(open);
  return async (clock = handClock()) => {
    const opened = await records.open(clock);
    return {
      clock,
      ...opened.record.stores,
      record: opened.record,
      /** The same record as another replica (or a restart) sees it. */
      replica: async () => (await records.replica(opened, clock)).stores,
    };
  };
}

export function newIncident(overrides: Partial<NewIncident> = {}): NewIncident {
  return {
    title: "Checkout is down",
    description: "5xx on /pay",
    severity: "sev1",
    security: false,
    declaredBy: "U1",
    declaredAt: new Date("2026-11-27T09:59:58.007Z"),
    ...overrides,
  };
}

export const declared = (incident: Incident): PendingEvent => ({
  kind: "declared",
  occurredAt: incident.declaredAt,
  actor: `slack:${incident.declaredBy}`,
  text: `Declared ${incident.title}`,
  data: { severity: incident.severity },
});
