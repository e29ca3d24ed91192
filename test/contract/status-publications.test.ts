import { describe, expect, it } from "vitest";
import type { NewPublication } from "../../src/domain/status-page/status-page.js";
import { RECORDS } from "./records.js";
import { declare, recordsPerTest } from "./seed.js";

describe.each(RECORDS)("status-page publications on %s", (_kind, open) => {
  const t = recordsPerTest(open);
  const now = t.start;

  it("keeps what was published, in publication order, each with its timeline event", async () => {
    const opened = await t.open();
    const { statusPublications, consoleStore } = opened.record.stores;
    const a = declare(opened.record, now);
    const b = declare(opened.record, now);
    const at = (min: number) => new Date(now.getTime() + min * 60_000);
    const publication = (incidentId: number, min: number, text: string): NewPublication => ({
      incidentId,
      publishedAt: at(min),
      state: min < 30 ? "investigating" : "resolved",
      impact: "degraded_performance",
      components: incidentId === a.id ? ["checkout", "payments"] : [],
      text,
      publishedBy: "U1",
    });
    const event = (text: string) => ({
      kind: "status_page_published" as const,
      occurredAt: now,
      actor: "slack:U1",
      text,
      data: { state: "investigating" },
    });
    const first = statusPublications.publish(publication(a.id, 5, "Checkout is slow"), event("first"));
    const third = statusPublications.publish(publication(a.id, 40, "Checkout works again"), event("third"));
    const second = statusPublications.publish(publication(b.id, 10, "Search is slow"), event("second"));
    expect(first).toEqual({ id: first.id, ...publication(a.id, 5, "Checkout is slow") });

    expect(statusPublications.all().map((p) => p.text)).toEqual([
      "Checkout is slow",
      "Search is slow",
      "Checkout works again",
    ]);
    expect(statusPublications.forIncident(a.id)).toEqual([first, third]);
    expect(statusPublications.forIncident(b.id)).toEqual([second]);
    expect(statusPublications.forIncident(b.id + 1)).toEqual([]);
    const logged = consoleStore.eventsAfter(0, 100, a.id).filter((e) => e.kind === "status_page_published");
    expect(logged.map((e) => [e.text, e.data])).toEqual([
      ["first", { state: "investigating", publicationId: first.id }],
      ["third", { state: "investigating", publicationId: third.id }],
    ]);
  });

  it("publishes nothing when its timeline event cannot be written", async () => {
    const opened = await t.open();
    const { statusPublications } = opened.record.stores;
    const a = declare(opened.record, now);
    const broken = {
      kind: "status_page_published" as const,
      occurredAt: new Date(Number.NaN),
      actor: "x",
      text: "x",
    };
    expect(() =>
      statusPublications.publish(
        {
          incidentId: a.id,
          publishedAt: now,
          state: "investigating",
          impact: "minor",
          components: [],
          text: "never shown",
          publishedBy: "U1",
        },
        broken,
      ),
    ).toThrow();
    expect(statusPublications.all()).toEqual([]);
  });
});
