import { describe, expect, it } from "vitest";
import { AlertGroupExists, type FeedbackAnswer, type NewAlertGroup } from "../../src/ports/alert-store.js";
import { RECORDS } from "./records.js";
import { declare, recordsPerTest } from "./seed.js";

describe.each(RECORDS)("alert groups, storms and answers on %s", (_kind, open) => {
  const t = recordsPerTest(open);
  const now = t.start;
  const later = (s: number) => new Date(now.getTime() + s * 1000);

  const newGroup = (key: string, extra: Partial<NewAlertGroup> = {}): NewAlertGroup => ({
    source: "alertmanager",
    groupKey: key,
    status: "firing",
    alertname: "HighErrorRate",
    title: "Error rate above 5% on checkout",
    labels: { service: "checkout", severity: "sev2", é: "ü" },
    route: null,
    mode: "triage",
    severity: "sev2",
    service: "checkout",
    playbookId: null,
    link: "https://grafana.example/d/1",
    firstSeen: now,
    lastSeen: now,
    messageChannel: "CTRIAGE",
    ...extra,
  });

  it("keeps a group per (source, key) and its changes; finds it by key and by incident", async () => {
    const opened = await t.open();
    const { alerts } = opened.record.stores;
    const group = alerts.createGroup(newGroup('{}:{alertname="HighErrorRate"}'));
    expect(group).toEqual({
      id: group.id,
      ...newGroup('{}:{alertname="HighErrorRate"}'),
      count: 1,
      resolvedAt: null,
      incidentId: null,
      messageTs: null,
      stormId: null,
      dismissedBy: null,
      dismissedAt: null,
    });
    expect(alerts.group(group.id)).toEqual(group);
    expect(alerts.groupByKey("alertmanager", group.groupKey)).toEqual(group);
    expect(alerts.groupByKey("pagerduty", group.groupKey)).toBeNull();
    const pd = alerts.createGroup(newGroup(group.groupKey, { source: "pagerduty", firstSeen: later(60) }));

    const incident = declare(opened.record, now).id;
    alerts.updateGroup(group.id, { count: 3, lastSeen: later(30), incidentId: incident, messageTs: "1.5" });
    alerts.updateGroup(group.id, {});
    alerts.updateGroup(pd.id, { status: "resolved", resolvedAt: later(90), incidentId: incident });
    expect(alerts.group(group.id)).toMatchObject({
      count: 3,
      lastSeen: later(30),
      incidentId: incident,
      messageTs: "1.5",
    });
    expect(alerts.groupsOfIncident(incident).map((g) => [g.source, g.status])).toEqual([
      ["alertmanager", "firing"],
      ["pagerduty", "resolved"],
    ]);
    // Next week's occurrence of a closed group: the old one keeps its record under another key.
    alerts.updateGroup(group.id, { groupKey: `${group.groupKey}#${group.id}`, messageTs: null });
    expect(alerts.groupByKey("alertmanager", group.groupKey)).toBeNull();
    expect(alerts.group(group.id)?.messageTs).toBeNull();
    const again = alerts.createGroup(newGroup(group.groupKey, { firstSeen: later(120) }));
    expect(again.id).not.toBe(group.id);
    expect(alerts.newGroupsSince(now)).toBe(3);
    expect(alerts.newGroupsSince(later(60))).toBe(2);
    expect(alerts.newGroupsSince(later(121))).toBe(0);
  });

  it("takes one group when two replicas receive the same new alert: the other's whole change rolls back", async () => {
    const opened = await t.open();
    const other = await t.replica(opened);
    const { alerts } = opened.record.stores;
    const group = alerts.createGroup(newGroup("k1"));
    const before = opened.record.slackJobs.backlog().pending;
    // What receive-alert does for a new triage group, on the replica that comes second.
    expect(() =>
      other.stores.transaction(() => {
        const second = other.stores.alerts.createGroup(newGroup("k1", { title: "second" }));
        other.stores.outbox.add(null, { kind: "alertTriage", groupId: second.id });
      }),
    ).toThrow(AlertGroupExists);
    expect(opened.record.slackJobs.backlog().pending).toBe(before);
    expect(other.stores.alerts.groupByKey("alertmanager", "k1")).toEqual(group);
    // The replica goes on working: its next notification of the group is a repeat.
    other.stores.alerts.updateGroup(group.id, { count: 2 });
    expect(alerts.group(group.id)?.count).toBe(2);
  });

  it("keeps a storm going while groups keep coming, with its groups", async () => {
    const opened = await t.open();
    const { alerts } = opened.record.stores;
    expect(alerts.activeStorm(now)).toBeNull();
    const storm = alerts.createStorm("CTRIAGE", now);
    expect(storm).toEqual({ id: storm.id, channel: "CTRIAGE", messageTs: null, startedAt: now, lastAt: now });
    const g1 = alerts.createGroup(newGroup("s1", { mode: "storm", stormId: storm.id }));
    alerts.createGroup(newGroup("s2", { mode: "storm", stormId: storm.id }));
    alerts.createGroup(newGroup("other"));
    alerts.updateStorm(storm.id, { lastAt: later(60), messageTs: "9.9" });
    expect(alerts.storm(storm.id)).toEqual({ ...storm, lastAt: later(60), messageTs: "9.9" });
    expect(alerts.activeStorm(later(30))?.id).toBe(storm.id);
    expect(alerts.activeStorm(later(61))).toBeNull();
    expect(alerts.groupsOfStorm(storm.id).map((g) => g.groupKey)).toEqual(["s1", "s2"]);
    expect(alerts.groupsOfStorm(storm.id)[0]).toEqual(g1);
    const next = alerts.createStorm("CTRIAGE", later(120));
    expect(alerts.activeStorm(now)?.id).toBe(next.id);
    expect(alerts.storm(next.id + 1)).toBeNull();
  });

  it("keeps one answer per person and subject (the latest), and reads them by period", async () => {
    const opened = await t.open();
    const other = await t.replica(opened);
    const { alerts } = opened.record.stores;
    const group = alerts.createGroup(newGroup("k1"));
    const sec = declare(opened.record, now, { security: true }).id;
    const answer = (userId: string, verdict: FeedbackAnswer["verdict"], s: number): FeedbackAnswer => ({
      subject: `group-${group.id}`,
      incidentId: null,
      groupId: group.id,
      userId,
      verdict,
      alertname: "HighErrorRate",
      playbookId: null,
      security: false,
      answeredAt: later(s),
    });
    alerts.answer(answer("U1", "noise", 10));
    alerts.answer(answer("U2", "actionable", 20));
    other.stores.alerts.answer(answer("U1", "actionable", 30));
    alerts.answer({
      ...answer("U1", "noise", 40),
      subject: `incident-${sec}`,
      groupId: null,
      incidentId: sec,
      security: true,
    });
    const period = { from: now, to: later(3600) };
    expect(alerts.answersBetween(period, false)).toEqual([
      answer("U1", "actionable", 30),
      answer("U2", "actionable", 20),
    ]);
    expect(alerts.answersBetween(period, true).map((a) => a.subject)).toEqual([
      `group-${group.id}`,
      `group-${group.id}`,
      `incident-${sec}`,
    ]);
    expect(alerts.answersBetween({ from: later(20), to: later(40) }, true).map((a) => a.userId)).toEqual([
      "U1",
      "U2",
    ]);
  });
});
