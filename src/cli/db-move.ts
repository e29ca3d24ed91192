/**
 * `npm run db:move -- --from <sqlite file> --to <postgres url> [--dry-run]`
 *
 * Copies the SQLite record into PostgreSQL (migrations applied first), keeping ids, then verifies
 * per table the row count and a SHA-256 over the rows in key order, and every incident's hash
 * chain on the target. Re-running it changes nothing; a row that differs on the target is reported
 * and never overwritten. `--dry-run` only reports what would be copied. Stop the bot first (see
 * the README, "Moving from SQLite to PostgreSQL"). Exit 0: everything matches; 1: it does not
 * (or conflicts); 2: bad arguments, or the databases cannot be moved as they are. The URL's
 * password is never printed. Built: `node dist/src/cli/db-move.js`.
 */
import { maskUrl } from "../adapters/db/open-record.js";
import { formatMoveReport, MoveError, moveRecord } from "../adapters/pg/move.js";

const USAGE =
  "Usage: npm run db:move -- --from <sqlite file> --to postgres://user:password@host:5432/db [--dry-run]";

const args = process.argv.slice(2);
const values: Record<string, string> = {};
let dryRun = false;
/**
 * Anything printed goes through here: the target URL as given is replaced by its masked form,
 * and its password (when long enough not to be an ordinary word) by `***`, whatever printed it.
 */
const target = (() => {
  const i = args.indexOf("--to");
  const url = i >= 0 ? (args[i + 1] ?? "") : "";
  const raw = URL.canParse(url) ? new URL(url).password : "";
  let password = raw;
  try {
    password = decodeURIComponent(raw);
  } catch {
    // a stray % in the password: keep it as written
  }
  return { url, masked: maskUrl(url), password };
})();
const redact = (text: string) => {
  let out = target.url ? text.split(target.url).join(target.masked) : text;
  if (target.password.length >= 4) out = out.split(target.password).join("***");
  return out;
};
const fail = (message: string): never => {
  console.error(redact(`${message}\n${USAGE}`));
  process.exit(2);
};

for (let i = 0; i < args.length; i++) {
  const arg = args[i] as string;
  if (arg === "--dry-run") dryRun = true;
  else if (arg === "--from" || arg === "--to") {
    const value = args[++i];
    if (!value || value.startsWith("--")) fail(`${arg} needs a value`);
    values[arg.slice(2)] = value as string;
  } else fail(`Unknown argument "${arg}".`);
}
if (!values.from) fail("Give --from: the SQLite file the bot uses (its DATABASE_PATH).");
if (!values.to) fail("Give --to: the PostgreSQL URL the bot will use (its DATABASE_URL).");

try {
  const report = await moveRecord({ from: values.from as string, to: values.to as string, dryRun });
  console.log(redact(formatMoveReport(report)));
  process.exit(report.ok ? 0 : 1);
} catch (error) {
  if (error instanceof MoveError) fail(error.message);
  console.error(redact(`db:move failed: ${(error as Error).stack ?? error}`));
  process.exit(1);
}
