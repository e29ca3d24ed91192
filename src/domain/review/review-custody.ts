import type { AccessEntry } from "../custody/access-entry.js";
import type { Checkpoint } from "../custody/checkpoint.js";
import type { EvidenceItem } from "../custody/evidence-list.js";
import { formatDateTime } from "../time/time-zone.js";

/** The chain-of-custody part of a review: signed checkpoints, evidence, who read the incident. */
export interface ReviewCustody {
  checkpoints: Checkpoint[];
  evidence: EvidenceItem[];
  /** Reads of a security incident (API, console); empty for others. */
  access: AccessEntry[];
  /** The incident's reads are logged (a security incident). */
  accessLogged: boolean;
  /** Files recorded in this incident are copied (security, or evidence for all configured). */
  evidenceKept: boolean;
}

const iso = (d: Date) => d.toISOString();

export function custodyJson(c: ReviewCustody) {
  return {
    checkpoints: c.checkpoints.map((k) => ({
      incidentId: k.incidentId,
      count: k.count,
      headHash: k.headHash,
      eventsDigest: k.eventsDigest,
      signedAt: iso(k.signedAt),
      keyId: k.keyId,
      signature: k.signature,
      reason: k.reason,
    })),
    evidenceKept: c.evidenceKept,
    evidence: c.evidence.map((e) => ({ ...e, addedAt: iso(e.addedAt) })),
    access: c.accessLogged
      ? c.access.map((a) => ({ who: a.who, what: a.what, via: a.via, at: iso(a.at) }))
      : null,
  };
}

export function custodyMarkdown(c: ReviewCustody, zone: string, who: (actor: string) => string): string[] {
  const at = (d: Date) => formatDateTime(d, zone);
  const out: string[] = ["", "### Signed checkpoints", ""];
  if (c.checkpoints.length === 0) out.push("None yet.");
  else {
    out.push(
      "| signed at | why | events | head hash | key | signature |",
      "| --- | --- | --- | --- | --- | --- |",
    );
    for (const k of c.checkpoints)
      out.push(
        `| ${iso(k.signedAt)} | ${k.reason} | ${k.count} | \`${k.headHash}\` | ${k.keyId ? `\`${k.keyId}\`` : "unsigned"} | ${k.signature ? `\`${k.signature}\`` : "hash only"} |`,
      );
    const last = c.checkpoints.at(-1);
    if (last) out.push("", `Events digest of the last checkpoint: \`${last.eventsDigest}\``);
  }
  out.push("", "### Evidence", "");
  if (c.evidence.length === 0)
    out.push(
      c.evidenceKept
        ? "None preserved."
        : "Not kept for this incident: files are copied in security incidents (EVIDENCE_ALL=true: in all).",
    );
  else {
    out.push("| # | what | SHA-256 | added by | added at |", "| --- | --- | --- | --- | --- |");
    for (const e of c.evidence)
      out.push(
        `| ${e.seq} | ${e.what === "file" ? `file ${e.name.replace(/\|/g, "\\|")} (message #${e.messageSeq})` : e.name} | \`${e.sha256}\` | ${who(e.addedBy)} | ${at(e.addedAt)} |`,
      );
  }
  if (c.accessLogged) {
    out.push("", "### Access log", "");
    if (c.access.length === 0) out.push("Nobody has read this incident through the API or the console.");
    else out.push("| when | who | what | via |", "| --- | --- | --- | --- |");
    for (const a of c.access) out.push(`| ${at(a.at)} | ${a.who} | ${a.what} | ${a.via} |`);
  }
  return out;
}
