import { describe, expect, it } from "vitest";
import { openDatabase } from "../../src/adapters/db/client.js";
import { createSqliteSlackJobs } from "../../src/adapters/db/sqlite-slack-jobs.js";
import { systemClock } from "../../src/ports/clock.js";
import { createTmpDb } from "../support/tmp-db.js";

// An alert group repeating (or a storm growing) re-renders one triage message: while that edit
// waits untaken, repeats add no new Slack work, so a storm cannot hold back the bot's other DMs.
describe("the Slack outbox's refresh jobs", () => {
  it("adds a triage refresh once while it waits, again once it is taken; other jobs always", () => {
    const tmp = createTmpDb("outbox-refresh");
    const handle = openDatabase(tmp.path);
    try {
      const store = createSqliteSlackJobs(handle.db, systemClock);
      const pending = () =>
        handle.sqlite
          .prepare("select kind, payload from slack_jobs where state = 'pending' order by id")
          .all()
          .map((r) => {
            const { kind, payload } = r as { kind: string; payload: string };
            const job = JSON.parse(payload) as { groupId?: number; stormId?: number };
            return `${kind} ${job.groupId ?? job.stormId ?? ""}`.trim();
          });
      for (let i = 0; i < 5; i++) store.add(null, { kind: "alertTriage", groupId: 1 });
      store.add(null, { kind: "alertTriage", groupId: 2 }, { kind: "alertStorm", stormId: 1 });
      store.add(null, { kind: "alertStorm", stormId: 1 });
      const dm = { kind: "dm" as const, user: "U_PRODUCT", message: { text: "hello" } };
      store.add(null, dm, dm);
      expect(pending()).toEqual(["alertTriage 1", "alertTriage 2", "alertStorm 1", "dm", "dm"]);

      // Taken by the dispatcher: it may have read the group already, so a repeat queues one more edit.
      expect(store.claimHead("bot", 60_000)?.job).toEqual({ kind: "alertTriage", groupId: 1 });
      store.add(null, { kind: "alertTriage", groupId: 1 });
      store.add(null, { kind: "alertTriage", groupId: 1 });
      expect(pending()).toEqual([
        "alertTriage 1",
        "alertTriage 2",
        "alertStorm 1",
        "dm",
        "dm",
        "alertTriage 1",
      ]);
    } finally {
      handle.close();
      tmp.remove();
    }
  });
});
