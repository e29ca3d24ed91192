/**
 * The slice of the PagerDuty REST API v2 imoc reads: who is on call, and their e-mail. Oncall
 * entries carry user *references* (no e-mail) unless `include[]=users` is asked for, as in the
 * real API, so a bot that forgets it finds out here rather than in production.
 */

export interface FakePdUser {
  id: string;
  /** Display name; PagerDuty calls it `summary` in references and `name` on the user. */
  summary: string;
  email?: string;
  timeZone?: string;
}

export interface FakeOncall {
  user: FakePdUser;
  schedule?: { id: string; summary?: string } | null;
  escalation_policy: { id: string; summary?: string };
  escalation_level?: number;
  /** ISO 8601; null means "always on call" (no schedule). */
  start?: string | null;
  end?: string | null;
}

export interface RestReply {
  status: number;
  body: Record<string, unknown>;
}

export function renderUser(apiUrl: string, user: FakePdUser, full: boolean): Record<string, unknown> {
  const ref = {
    id: user.id,
    type: full ? "user" : "user_reference",
    summary: user.summary,
    self: `${apiUrl}users/${user.id}`,
    html_url: `https://fake.pagerduty.com/users/${user.id}`,
  };
  if (!full) return ref;
  return {
    ...ref,
    name: user.summary,
    email: user.email,
    time_zone: user.timeZone ?? "Etc/UTC",
    role: "user",
  };
}

function reference(apiUrl: string, kind: string, item: { id: string; summary?: string }) {
  const collection = kind === "schedule" ? "schedules" : "escalation_policies";
  return {
    id: item.id,
    type: `${kind}_reference`,
    summary: item.summary ?? item.id,
    self: `${apiUrl}${collection}/${item.id}`,
    html_url: `https://fake.pagerduty.com/${collection}/${item.id}`,
  };
}

export function listOncalls(apiUrl: string, oncalls: FakeOncall[], query: URLSearchParams): RestReply {
  const schedules = query.getAll("schedule_ids[]");
  const policies = query.getAll("escalation_policy_ids[]");
  const users = query.getAll("user_ids[]");
  const includeUsers = query.getAll("include[]").includes("users");
  let matching = oncalls.filter(
    (o) =>
      (schedules.length === 0 || (o.schedule && schedules.includes(o.schedule.id))) &&
      (policies.length === 0 || policies.includes(o.escalation_policy.id)) &&
      (users.length === 0 || users.includes(o.user.id)),
  );
  if (query.get("earliest") === "true") {
    const seen = new Set<string>();
    matching = matching.filter((o) => {
      const key = `${o.user.id}/${o.escalation_policy.id}/${o.escalation_level ?? 1}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
  }
  const limit = Math.min(Number(query.get("limit") ?? 25) || 25, 100);
  const offset = Number(query.get("offset") ?? 0) || 0;
  const page = matching.slice(offset, offset + limit);
  return {
    status: 200,
    body: {
      oncalls: page.map((o) => ({
        user: renderUser(apiUrl, o.user, includeUsers),
        schedule: o.schedule ? reference(apiUrl, "schedule", o.schedule) : null,
        escalation_policy: reference(apiUrl, "escalation_policy", o.escalation_policy),
        escalation_level: o.escalation_level ?? 1,
        start: o.start ?? null,
        end: o.end ?? null,
      })),
      limit,
      offset,
      more: offset + limit < matching.length,
      total: query.get("total") === "true" ? matching.length : null,
    },
  };
}

export const authFailed: RestReply = {
  status: 401,
  body: { error: { message: "Authentication failed", code: 2006 } },
};

export const notFound: RestReply = { status: 404, body: { error: { message: "Not Found", code: 2100 } } };
