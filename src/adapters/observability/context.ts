import { AsyncLocalStorage } from "node:async_hooks";
import { randomUUID } from "node:crypto";

/** What every log line of one piece of work carries: a Slack request, a webhook, an API call, a job. */
export interface WorkContext {
  correlationId: string;
  /** The incident's reference (`INC-42`) once known. */
  incident?: string;
}

/**
 * One store for the process: it is not state shared between bots but the async call chain's own
 * context (two bots in one test process each see the context of the request they serve). The
 * logger's mixin reads it, so every log line inside `inContext` carries the id without passing it.
 */
const storage = new AsyncLocalStorage<WorkContext>();

export const newCorrelationId = () => randomUUID();

/** The context of the work running now, if any. */
export function currentContext(): WorkContext | undefined {
  return storage.getStore();
}

/** Runs `fn` in a context: a given correlation id (a job restores its request's), else a new one. */
export function inContext<T>(context: Partial<WorkContext>, fn: () => T): T {
  context.correlationId ||= newCorrelationId();
  return storage.run(context as WorkContext, fn);
}

/** Names the incident of the work running now, learnt after the work began (the first one named stays). */
export function setContextIncident(incident: string | undefined): void {
  const context = storage.getStore();
  if (context && incident && !context.incident) context.incident = incident;
}

/** Log line fields for pino's `mixin`. */
export function contextFields(): Record<string, string> {
  const context = storage.getStore();
  if (!context) return {};
  return context.incident
    ? { correlation_id: context.correlationId, incident: context.incident }
    : { correlation_id: context.correlationId };
}
