import { api } from "@pagerduty/pdjs";
import type { APIParameters, APIResponse } from "@pagerduty/pdjs/build/src/api.js";
import type { Target } from "../../domain/escalation/escalation-matrix.js";
import type { Clock } from "../../ports/clock.js";
import type { Logger } from "../../ports/logger.js";
import type { OnCallAnswer, OnCallDirectory, OnCallPerson } from "../../ports/on-call-directory.js";
import type { SharedCache } from "../../ports/shared-cache.js";
import { sharedMemo } from "../shared-memo.js";

export interface PagerDutyOnCallOptions {
  /** REST base URL with trailing slash (PAGERDUTY_API_URL). */
  apiUrl: string;
  token: string | undefined;
  targets: readonly Target[];
  lookupUserByEmail(email: string): Promise<string | null>;
  clock: Clock;
  logger: Logger;
  /** Shifts change hourly at most; a few minutes of cache spares PagerDuty during a storm of pages. */
  ttlMs?: number;
  timeoutMs?: number;
  /**
   * Replicas share the answers (Redis): `/incident oncall` on any replica, and the escalation step
   * any replica runs, name the same people until the answer is `ttlMs` old.
   */
  shared?: SharedCache;
}

interface RawOncall {
  user?: { id?: string; summary?: string; name?: string; email?: string };
  escalation_level?: number;
  end?: string | null;
}

/** Who is on call, through pdjs REST `GET /oncalls` (with `include[]=users` for e-mails). */
export function createPagerDutyOnCallDirectory(options: PagerDutyOnCallOptions): OnCallDirectory {
  const ttlMs = options.ttlMs ?? 3 * 60_000;
  const cache = sharedMemo<OnCallPerson[]>({
    shared: options.shared,
    name: "oncall",
    ttlMs,
    now: () => options.clock.now().getTime(),
    decode: (raw) =>
      (raw as Array<OnCallPerson & { until: string | null }>).map((p) => ({
        ...p,
        until: p.until === null ? null : new Date(p.until),
      })),
  });
  const byName = new Map(options.targets.map((t) => [t.id.toLowerCase(), t]));
  const base = options.apiUrl.endsWith("/") ? options.apiUrl : `${options.apiUrl}/`;

  async function fetchOncalls(target: Target): Promise<OnCallPerson[] | { reason: string }> {
    const pd = target.pagerduty ?? { scheduleId: undefined, escalationPolicyId: undefined };
    const data: Record<string, unknown> = { "include[]": ["users"], limit: 100 };
    if (pd.scheduleId) data["schedule_ids[]"] = [pd.scheduleId];
    else if (pd.escalationPolicyId) data["escalation_policy_ids[]"] = [pd.escalationPolicyId];
    let res: APIResponse;
    try {
      res = await api({
        url: `${base}oncalls`,
        token: options.token,
        data,
        retryTimeout: 1000,
        signal: AbortSignal.timeout(options.timeoutMs ?? 5000),
      } as APIParameters);
    } catch (error) {
      const code = (error as { code?: string; type?: string }).code ?? (error as Error).name;
      const status = (error as { status?: number }).status;
      return {
        reason: status
          ? `PagerDuty answered HTTP ${status}`
          : `PagerDuty is unreachable (${code || "network error"})`,
      };
    }
    if (res.status === 401 || res.status === 403) {
      return { reason: `PagerDuty refused the API token (HTTP ${res.status}); check PAGERDUTY_API_TOKEN` };
    }
    if (!res.ok) return { reason: `PagerDuty answered HTTP ${res.status}` };
    const oncalls = ((res.data as { oncalls?: RawOncall[] } | undefined)?.oncalls ?? []).slice();
    oncalls.sort((a, b) => (a.escalation_level ?? 1) - (b.escalation_level ?? 1));
    const seen = new Set<string>();
    const people: OnCallPerson[] = [];
    for (const o of oncalls) {
      const key = o.user?.id ?? o.user?.email ?? "";
      if (seen.has(key)) continue;
      seen.add(key);
      const email = o.user?.email ?? null;
      people.push({
        name: o.user?.name ?? o.user?.summary ?? "someone",
        email,
        slackUserId: email ? await options.lookupUserByEmail(email).catch(() => null) : null,
        until: o.end ? new Date(o.end) : null,
        escalationLevel: o.escalation_level ?? 1,
      });
    }
    return people;
  }

  const directory: OnCallDirectory = {
    targets: () =>
      options.targets
        .filter((t) => t.pagerduty?.scheduleId || t.pagerduty?.escalationPolicyId)
        .map((t) => t.id),
    async whoIsOnCall(name): Promise<OnCallAnswer> {
      const target = byName.get(name.toLowerCase());
      if (!target) return { kind: "unknown-target", target: name, known: directory.targets() };
      if (!target.pagerduty?.scheduleId && !target.pagerduty?.escalationPolicyId) {
        return { kind: "not-in-pagerduty", target: target.id };
      }
      const now = options.clock.now();
      const hit = await cache.get(target.id);
      if (hit) {
        return {
          kind: "on-call",
          target: target.id,
          people: hit.value,
          fetchedAt: new Date(hit.at),
          cached: true,
        };
      }
      const last = cache.last(target.id);
      if (!options.token) {
        return { kind: "unavailable", target: target.id, reason: "PAGERDUTY_API_TOKEN is not set" };
      }
      const result = await fetchOncalls(target);
      if (!Array.isArray(result)) {
        options.logger.warn({ target: target.id, reason: result.reason }, "on-call look-up failed");
        return {
          kind: "unavailable",
          target: target.id,
          reason: result.reason,
          ...(last ? { lastKnown: { people: last.value, fetchedAt: new Date(last.at) } } : {}),
        };
      }
      const kept = await cache.remember(target.id, result, now.getTime());
      // Another replica asked PagerDuty at the same moment and answered first: its answer stands.
      const cached = kept.at !== now.getTime();
      return { kind: "on-call", target: target.id, people: kept.value, fetchedAt: new Date(kept.at), cached };
    },
    async slackUsersFor(name) {
      const answer = await directory.whoIsOnCall(name);
      if (answer.kind !== "on-call") return [];
      return answer.people.flatMap((p) => (p.slackUserId ? [p.slackUserId] : []));
    },
  };
  return directory;
}
