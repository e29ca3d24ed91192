import { describe, expect, it } from "vitest";
import { loadPlaybooks } from "../../src/adapters/playbooks/load-playbooks.js";
import { bestMatches, firstTriageSteps, matchPlaybooks } from "../../src/domain/playbooks/playbook.js";

const { playbooks, problems } = loadPlaybooks("playbooks");
const incident = (
  title: string,
  extra: { service?: string; security?: boolean; description?: string } = {},
) => ({
  title,
  description: extra.description ?? null,
  service: extra.service ?? null,
  security: extra.security ?? false,
  severity: "sev1" as const,
});
const best = (title: string, extra = {}) =>
  bestMatches(matchPlaybooks(playbooks, incident(title, extra)))[0]?.playbook.id;

describe("matching playbooks to an incident", () => {
  it("loads the shipped playbooks without problems", () => {
    expect(problems).toEqual([]);
    expect(playbooks.map((p) => p.id)).toEqual(
      expect.arrayContaining(["api-outage", "database-degradation", "security-incident", "vendor-failure"]),
    );
  });

  it('links the API-outage playbook to "Checkout API returns 500s"', () => {
    expect(best("Checkout API returns 500s")).toBe("api-outage");
  });

  it("matches each shipped playbook on the words people use", () => {
    expect(best("Elevated 5xx on the public gateway")).toBe("api-outage");
    expect(best("Postgres replication lag over 5 minutes")).toBe("database-degradation");
    expect(best("Leaked API key in a public repo", { security: true })).toBe("security-incident");
    expect(best("Stripe payment provider timing out")).toBe("vendor-failure");
  });

  it("prefers the service someone chose over keywords", () => {
    expect(best("Everything is slow", { service: "orders-db" })).toBe("database-degradation");
  });

  it("links nothing when nothing matches", () => {
    expect(matchPlaybooks(playbooks, incident("Login page blank"))).toEqual([]);
  });

  it("shows at most three, within half of the best score", () => {
    const matches = bestMatches(
      matchPlaybooks(playbooks, incident("API outage: database connections exhausted")),
    );
    expect(matches.length).toBeLessThanOrEqual(3);
    for (const m of matches) expect(m.score * 2).toBeGreaterThanOrEqual(matches[0]!.score);
  });

  it("takes the first triage steps from the first numbered list", () => {
    expect(
      firstTriageSteps("# T\nIntro\n\n## Triage\n1. Ack\n2. Look\n3. Roll back\n4. More\n\n1. Other"),
    ).toEqual(["Ack", "Look", "Roll back"]);
  });
});
