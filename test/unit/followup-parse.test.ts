import { describe, expect, it } from "vitest";
import { followupsCsv, isOverdue } from "../../src/domain/followups/followup.js";
import { parseDue, parseFollowup, resolveDue } from "../../src/domain/followups/parse-followup.js";

describe("/incident followup <text> [@owner] [due <date>]", () => {
  it("reads the text, the owner's mention and an ISO due date", () => {
    expect(parseFollowup("Add a retry budget to checkout <@U123ABC|dana> due 2026-12-04")).toEqual({
      ok: true,
      value: {
        text: "Add a retry budget to checkout",
        owner: "U123ABC",
        due: { kind: "date", day: "2026-12-04" },
      },
    });
  });

  it("leaves the owner and the date out when they are not given", () => {
    expect(parseFollowup("Write the postmortem")).toEqual({
      ok: true,
      value: { text: "Write the postmortem", owner: null, due: null },
    });
    expect(parseFollowup("Rotate keys <@W42>")).toMatchObject({
      ok: true,
      value: { owner: "W42", due: null },
    });
    expect(parseFollowup("Rotate keys due tomorrow")).toMatchObject({
      ok: true,
      value: { owner: null, due: { kind: "in", days: 1 } },
    });
  });

  it("takes the last 'due' as the clause: an earlier 'due to' is part of the text", () => {
    expect(parseFollowup("Fix the alert due to disk full <@U9> due friday")).toMatchObject({
      ok: true,
      value: { text: "Fix the alert due to disk full", owner: "U9", due: { kind: "weekday" } },
    });
  });

  it("keeps mentions inside the text and words like 'overdue'", () => {
    expect(parseFollowup("Ask <@U1> why the job was overdue <@U2>")).toMatchObject({
      ok: true,
      value: { text: "Ask <@U1> why the job was overdue", owner: "U2" },
    });
  });

  it.each([
    ["due next-ish", /cannot read "due next-ish" as a date.*due 2026-12-04/],
    ["due 2026-02-30", /"2026-02-30" is not a real date/],
    ["due 04/12/2026", /cannot read/],
  ])("refuses `%s` with the forms it understands", (tail, message) => {
    const parsed = parseFollowup(`Fix the alert ${tail}`);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error).toMatch(message);
  });

  it("refuses an owner typed as plain text, and an empty follow-up", () => {
    const plainOwner = parseFollowup("Fix the alert @nobody due friday");
    expect(plainOwner).toMatchObject({ ok: false });
    if (!plainOwner.ok) expect(plainOwner.error).toContain("I do not know who @nobody is");
    const empty = parseFollowup("<@U1> due friday");
    expect(empty).toMatchObject({ ok: false });
    if (!empty.ok) expect(empty.error).toContain("Say what has to be done");
  });
});

describe("due dates", () => {
  // 2026-11-27 is a Friday.
  const friday = "2026-11-27";
  it.each([
    ["2026-12-04", "2026-12-04"],
    ["today", "2026-11-27"],
    ["tomorrow", "2026-11-28"],
    ["in 3 days", "2026-11-30"],
    ["in 1 day", "2026-11-28"],
    ["in 2 weeks", "2026-12-11"],
    ["monday", "2026-11-30"],
    ["Mon", "2026-11-30"],
    ["friday", "2026-12-04"],
    ["saturday", "2026-11-28"],
  ])("`due %s` on Friday 2026-11-27 is %s", (words, day) => {
    const spec = parseDue(words);
    expect(spec).not.toBeNull();
    expect(spec).not.toBe("bad-date");
    expect(resolveDue(spec as Exclude<typeof spec, null | "bad-date">, friday)).toBe(day);
  });

  it("crosses month and year ends", () => {
    expect(resolveDue({ kind: "in", days: 5 }, "2026-12-29")).toBe("2027-01-03");
  });

  it("is overdue once its day has passed, and never when done", () => {
    expect(isOverdue({ status: "open", dueOn: "2026-11-26" }, friday)).toBe(true);
    expect(isOverdue({ status: "open", dueOn: friday }, friday)).toBe(false);
    expect(isOverdue({ status: "done", dueOn: "2026-11-01" }, friday)).toBe(false);
    expect(isOverdue({ status: "open", dueOn: null }, friday)).toBe(false);
  });
});

describe("CSV export", () => {
  it("quotes commas, quotes and line breaks, and defuses spreadsheet formulas", () => {
    const base = {
      incidentId: 7,
      owner: "U1",
      createdBy: "U2",
      createdAt: new Date("2026-11-20T10:00:00Z"),
      doneAt: null,
      doneBy: null,
    };
    const csv = followupsCsv(
      [
        { ...base, id: 1, text: 'Fix "retry", then\nship', dueOn: "2026-11-26", status: "open" },
        { ...base, id: 2, text: "=HYPERLINK(evil)", dueOn: null, status: "open" },
      ],
      "2026-11-27",
    );
    expect(csv.split("\r\n")).toEqual([
      "id,incident,text,owner,due,status,created_at,done_at",
      '1,INC-7,"Fix ""retry"", then\nship",U1,2026-11-26,overdue,2026-11-20T10:00:00.000Z,',
      "2,INC-7,'=HYPERLINK(evil),U1,,open,2026-11-20T10:00:00.000Z,",
      "",
    ]);
  });
});
