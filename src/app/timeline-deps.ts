import type { MessageSource } from "../ports/message-source.js";
import type { TimelineLog } from "../ports/timeline-log.js";
import type { AppDeps } from "./deps.js";

/** The use cases of the IMOC log need the log's queries and Slack messages on top of AppDeps. */
export interface TimelineDeps extends AppDeps {
  log: TimelineLog;
  messageSource: MessageSource;
}
