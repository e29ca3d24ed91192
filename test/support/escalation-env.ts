import { resolve } from "node:path";
import { fakeRoutingKey } from "./pagerduty-fake.js";
import type { SlackFake } from "./slack-fake.js";

/** The handbook's matrix in seconds (5m → 5s). */
export const SECONDS_MATRIX = resolve(import.meta.dirname, "../fixtures/matrix/seconds.yaml");

export const TARGET_KEYS = {
  primary: fakeRoutingKey("primary"),
  secondary: fakeRoutingKey("secondary"),
  incident_commander: fakeRoutingKey("incident-commander"),
  engineering_director: fakeRoutingKey("engineering-director"),
  cto: fakeRoutingKey("cto"),
  security_officer: fakeRoutingKey("security"),
} as const;

/** Which target a routing key belongs to, for reading the PagerDuty fake's events. */
export const targetOfKey = (key: string) =>
  Object.entries(TARGET_KEYS).find(([, k]) => k === key)?.[0] ?? `unknown(${key.length} chars)`;

/**
 * The variables SECONDS_MATRIX needs. Creates the comms channels (#product, #support,
 * #customer-success) and the primary's user group in the Slack fake, as a workspace would have.
 */
export function secondsMatrixVars(slack: SlackFake, statusEvery = "15s"): Record<string, string> {
  const channel = (name: string) => slack.channelByName(name)?.id ?? slack.addChannel(name).id;
  slack.addUserGroup("SPRIMARY", ["U_PRIMARY"]);
  return {
    ESCALATION_MATRIX: SECONDS_MATRIX,
    PAGERDUTY_KEY_PRIMARY: TARGET_KEYS.primary,
    PAGERDUTY_KEY_SECONDARY: TARGET_KEYS.secondary,
    PAGERDUTY_KEY_INCIDENT_COMMANDER: TARGET_KEYS.incident_commander,
    PAGERDUTY_KEY_ENGINEERING_DIRECTOR: TARGET_KEYS.engineering_director,
    PAGERDUTY_KEY_CTO: TARGET_KEYS.cto,
    PAGERDUTY_KEY_SECURITY: TARGET_KEYS.security_officer,
    SLACK_GROUP_PRIMARY: "SPRIMARY",
    SLACK_CHANNEL_PRODUCT: channel("product"),
    SLACK_CHANNEL_SUPPORT: channel("support"),
    SLACK_CHANNEL_CUSTOMER_SUCCESS: channel("customer-success"),
    STATUS_UPDATE_EVERY: statusEvery,
    PAGERDUTY_WEBHOOK_SECRET: "pd-webhook-secret",
  };
}
