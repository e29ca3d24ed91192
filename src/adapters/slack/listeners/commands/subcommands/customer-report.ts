import { commsRule } from "./comms-rule.js";

export const customerReport = commsRule(
  "customer-report",
  "SEV-3: count a customer report; product is told at the second one.",
);
