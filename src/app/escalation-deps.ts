import type { EscalationMatrix } from "../domain/escalation/escalation-matrix.js";
import type { Incident } from "../domain/incident/incident.js";
import type { ChatMessage } from "../ports/chat.js";
import type { EscalationStore } from "../ports/escalation-store.js";
import type { Pager } from "../ports/pager.js";
import type { Scheduler } from "../ports/scheduler.js";
import type { TargetDirectory } from "../ports/target-directory.js";
import type { AppDeps } from "./deps.js";

/** What the escalation, paging and status-update use cases need on top of AppDeps. */
export interface EscalationDeps extends AppDeps {
  matrix: EscalationMatrix;
  escalations: EscalationStore;
  pager: Pager;
  scheduler: Scheduler;
  targets: TargetDirectory;
  templates: { statusUpdate: string; noUpdateNudge: string };
  /** The DM a paged person gets, with an Acknowledge button (pure builder in adapters/slack). */
  pageMessage(incident: Incident, targetName: string, elapsed: string): ChatMessage;
}
