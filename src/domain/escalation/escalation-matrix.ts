import type { AlertRouting } from "../alerts/alert-routing.js";
import type { Severity } from "../incident/severity.js";

/** The escalation matrix after loading: durations in ms, `${ENV}` values filled in. */
export type UntilState = "acknowledged" | "mitigated" | "resolved";

export interface Target {
  id: string;
  name: string;
  pagerduty?: { routingKey: string; scheduleId?: string; escalationPolicyId?: string };
  slack: { users: string[]; usergroups: string[] };
}

export interface PolicyStep {
  target: string;
  afterMs: number;
  until: UntilState;
}

export interface Policy {
  steps: PolicyStep[];
  /** SEV-3: steps outside business hours move to the next business-hours start. */
  businessHoursOnly: boolean;
  /** Templated status updates (SEV-1): cadence and the comms audiences that get them. */
  statusUpdates?: { everyMs: number; audiences: string[] };
  /** SEV-2: audiences told when an SLA breach is projected. */
  slaBreach?: { audiences: string[] };
  /** SEV-3: audiences told once `threshold` customer reports arrived. */
  customerReports?: { threshold: number; audiences: string[] };
  /** Audiences told at once when an incident has compliance relevance. */
  compliance?: { audiences: string[] };
}

export interface CommsAudience {
  id: string;
  name: string;
  channel: string;
}

export const WEEKDAYS = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export interface BusinessHours {
  days: Weekday[];
  /** Minutes after local midnight. */
  startMinute: number;
  endMinute: number;
  timeZone: string;
}

export interface EscalationMatrix {
  source: string;
  targets: Record<string, Target>;
  comms: Record<string, CommsAudience>;
  policies: Record<Severity | "security", Policy>;
  businessHours: BusinessHours;
  /** Services the file names (top level and per target): each needs a playbook. */
  services: string[];
  /** Chain of custody: the audit channel (checkpoints) and whose files are kept as evidence. */
  audit?: { channel?: string; evidence: "security" | "all" };
  /** The `alerts:` section (issue 10): alert routes, triage channel, storm threshold. */
  alerts?: AlertRouting;
}
