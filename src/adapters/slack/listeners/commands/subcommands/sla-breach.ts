import { commsRule } from "./comms-rule.js";

export const slaBreach = commsRule("sla-breach", "SEV-2: an SLA breach is projected; sends customer comms.");
