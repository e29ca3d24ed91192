import { commsRule } from "./comms-rule.js";

export const compliance = commsRule(
  "compliance",
  "The incident is compliance relevant; product is told at once.",
);
