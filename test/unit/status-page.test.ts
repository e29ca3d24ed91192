import { describe, expect, it } from "vitest";
import { statusPageAtom } from "../../src/adapters/http/status-page-render.js";
import { buildStatusPage, type Publication } from "../../src/domain/status-page/status-page.js";

const at = (iso: string) => new Date(iso);
let id = 0;
const pub = (incidentId: number, when: string, p: Partial<Publication> = {}): Publication => ({
  id: ++id,
  incidentId,
  publishedAt: at(when),
  state: "investigating",
  impact: "degraded_performance",
  components: ["search"],
  text: `update ${id}`,
  publishedBy: "slack:U_SECRET",
  ...p,
});
const NOW = at("2026-11-28T12:00:00Z");

describe("the status page view", () => {
  it("a component shows the worst impact of its unresolved incidents; resolved ones do not count", () => {
    const view = buildStatusPage(
      [
        pub(1, "2026-11-28T10:00:00Z"),
        pub(2, "2026-11-28T10:05:00Z", { impact: "major_outage", components: ["checkout"] }),
        pub(2, "2026-11-28T10:30:00Z", {
          impact: "major_outage",
          components: ["checkout"],
          state: "resolved",
        }),
        pub(3, "2026-11-28T11:00:00Z", { impact: "minor", components: ["search", "checkout"] }),
      ],
      ["search", "checkout", "cdn"],
      NOW,
    );
    expect(view.components).toEqual([
      { name: "cdn", status: "operational" },
      { name: "checkout", status: "minor" },
      { name: "search", status: "degraded_performance" },
    ]);
    expect(view.overall).toBe("degraded_performance");
    // Open incidents first (newest first), then the resolved ones; updates newest first.
    expect(view.incidents.map((i) => [i.incidentId, i.state])).toEqual([
      [3, "investigating"],
      [1, "investigating"],
      [2, "resolved"],
    ]);
    expect(view.incidents[2]!.updates.map((u) => u.state)).toEqual(["resolved", "investigating"]);
    expect(view.incidents[2]!.resolvedAt).toEqual(at("2026-11-28T10:30:00Z"));
  });

  it("keeps resolved incidents 14 days; an open one stays however old", () => {
    const view = buildStatusPage(
      [
        pub(1, "2026-11-01T10:00:00Z", { state: "resolved" }),
        pub(2, "2026-11-20T10:00:00Z", { state: "resolved" }),
        pub(3, "2026-10-01T10:00:00Z"),
      ],
      [],
      NOW,
    );
    expect(view.incidents.map((i) => i.incidentId)).toEqual([3, 2]);
  });

  it("the feed escapes text and drops characters XML forbids, and never names who published", () => {
    const view = buildStatusPage([pub(1, "2026-11-28T10:00:00Z", { text: "a <b> & \u0007c" })], [], NOW);
    const xml = statusPageAtom(view, "Status", "https://status.example.com/status", NOW);
    expect(xml).toContain('<content type="text">a &lt;b&gt; &amp; c</content>');
    expect(xml).not.toContain("U_SECRET");
    expect(xml).toContain("<updated>2026-11-28T10:00:00.000Z</updated>");
  });
});
