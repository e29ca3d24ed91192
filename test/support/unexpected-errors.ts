/**
 * Error answers the fakes gave that no test asked for. A bot that swallows a Slack or PagerDuty
 * error looks healthy from the outside; the fakes record every such answer here, and
 * `test/support/fail-on-unexpected.ts` fails the test that caused it.
 */
export interface UnexpectedError {
  fake: "Slack" | "PagerDuty";
  /** The Web API method or `METHOD /path`. */
  call: string;
  /** Only the keys: values may be long Block Kit or carry tokens. */
  argKeys: string[];
  error: string;
}

export interface ErrorWatch {
  /** Errors not yet reported, and forgets them. */
  take(): UnexpectedError[];
  /** Ends the allowances made with `allowErrors` for one test. */
  endTest(): void;
  /** The fake was closed: forget it once its last errors were taken. */
  closed: boolean;
}

const watches = new Set<ErrorWatch>();

/** Everything every live fake saw since the last call; ends the per-test allowances. */
export function takeUnexpectedErrors(): UnexpectedError[] {
  const found = [...watches].flatMap((w) => w.take());
  for (const w of watches) {
    w.endTest();
    if (w.closed) watches.delete(w);
  }
  return found;
}

export function formatUnexpectedErrors(errors: readonly UnexpectedError[]): string {
  return [
    `${errors.length} error answer(s) from the fakes that the test did not expect (a swallowed error?):`,
    ...errors.map((e) => `  ${e.fake} ${e.call}(${e.argKeys.join(", ")}) → ${e.error}`),
    "If the test provokes it on purpose, allow it: fake.allowErrors(...) for one test, or the fake's allowErrors option.",
  ].join("\n");
}

/** The allow-list and pending errors of one fake; `allowed` is checked when an error is answered. */
export function errorLedger(fake: UnexpectedError["fake"], always: readonly (string | number)[] = []) {
  const forFake = new Set(always.map(String));
  const forTest = new Set<string>();
  let pending: UnexpectedError[] = [];
  const watch: ErrorWatch = {
    take: () => {
      const out = pending;
      pending = [];
      return out;
    },
    endTest: () => forTest.clear(),
    closed: false,
  };
  watches.add(watch);
  return {
    watch,
    allow: (...errors: (string | number)[]) => {
      for (const e of errors) forTest.add(String(e));
    },
    /** Records the error unless allowed; `code` is the Slack error or the HTTP status. */
    record: (code: string | number, entry: Omit<UnexpectedError, "fake">) => {
      const key = String(code);
      if (forFake.has("*") || forFake.has(key) || forTest.has(key)) return;
      pending.push({ fake, ...entry });
    },
    pending: () => [...pending],
    /** Pending errors stay to be reported by the test's afterEach. */
    close: () => {
      watch.closed = true;
    },
  };
}

/** The keys of a JSON object body, for reports that must not print values. */
export function jsonKeys(raw: string): string[] {
  try {
    const body: unknown = JSON.parse(raw);
    return body && typeof body === "object" ? Object.keys(body) : [];
  } catch {
    return ["(not JSON)"];
  }
}

/** An HTTP error answer in one line: status and the start of its body. */
export const brief = (reply: { status: number; body?: unknown; response?: unknown }) =>
  `${reply.status} ${JSON.stringify(reply.body ?? reply.response).slice(0, 200)}`;
