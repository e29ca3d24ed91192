import { execFileSync, spawnSync } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { freePort } from "./free-port.js";

export interface TestPostgres {
  /** The cluster's admin URL (database `postgres`). */
  url: string;
  /** Stops the server; its data directory is deleted. */
  stop(): Promise<void>;
  /** Kills it at once (SIGKILL-like `pg_ctl stop -m immediate`), keeping the data: `start()` again. */
  crash(): void;
  start(): void;
  /** SIGSTOP / SIGCONT to the server and every backend: connections stay open, nothing answers. */
  freeze(): void;
  thaw(): void;
}

const MISSING =
  "PostgreSQL server binaries not found under /usr/lib/postgresql/<version>/bin: install Debian's postgresql (apt-get install postgresql) or set IMOC_TEST_PG_URL";

/** Debian keeps initdb and pg_ctl out of PATH, under /usr/lib/postgresql/<version>/bin. */
function pgBin(): string {
  const root = "/usr/lib/postgresql";
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((v) => existsSync(join(root, v, "bin", "initdb")))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (versions.length === 0) throw new Error(MISSING);
  return join(root, versions[0] as string, "bin");
}

/** initdb refuses to run as root: as root, the cluster belongs to the `postgres` user. */
function asOwner(bin: string, args: string[]): string[] {
  return process.getuid?.() === 0 ? ["runuser", "-u", "postgres", "--", bin, ...args] : [bin, ...args];
}

function run(bin: string, args: string[]): void {
  const [cmd, ...rest] = asOwner(bin, args);
  const result = spawnSync(cmd as string, rest, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  if (result.status !== 0)
    throw new Error(`${bin} ${args.join(" ")} failed:\n${result.stderr || result.stdout}`);
}

/**
 * A throw-away PostgreSQL cluster: `initdb` in a temp dir, `pg_ctl` on a free port, trust auth on
 * 127.0.0.1 only, fsync off (nothing here must survive the machine) unless `durable` (benchmarks).
 * IMOC_TEST_PG_URL wins.
 */
export async function startPostgres({ durable = false } = {}): Promise<TestPostgres> {
  const external = process.env.IMOC_TEST_PG_URL;
  if (external) {
    const nothing = () => {};
    return {
      url: external,
      stop: async () => {},
      crash: nothing,
      start: nothing,
      freeze: nothing,
      thaw: nothing,
    };
  }
  const bin = pgBin();
  const dir = mkdtempSync(join(tmpdir(), "imoc-pg-"));
  if (process.getuid?.() === 0) {
    const uid = Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }).trim());
    const gid = Number(execFileSync("id", ["-g", "postgres"], { encoding: "utf8" }).trim());
    chownSync(dir, uid, gid);
  }
  const data = join(dir, "data");
  run(join(bin, "initdb"), ["-D", data, "-U", "imoc", "--auth=trust", "-E", "UTF8", "--no-sync"]);
  const port = await freePort();
  const fast = durable ? "" : " -c fsync=off -c synchronous_commit=off -c full_page_writes=off";
  const options = `-p ${port} -c listen_addresses=127.0.0.1 -c unix_socket_directories=${dir} -c max_connections=200${fast}`;
  const start = () =>
    run(join(bin, "pg_ctl"), ["-D", data, "-o", options, "-l", join(dir, "log"), "-w", "-t", "30", "start"]);
  start();
  const signalAll = (signal: NodeJS.Signals) => {
    const pid = Number(readFileSync(join(data, "postmaster.pid"), "utf8").split("\n")[0]);
    const children = spawnSync("pgrep", ["-P", String(pid)], { encoding: "utf8" })
      .stdout.split(/\s+/)
      .filter(Boolean);
    for (const p of [pid, ...children.map(Number)]) process.kill(p, signal);
  };
  return {
    url: `postgres://imoc@127.0.0.1:${port}/postgres`,
    freeze: () => signalAll("SIGSTOP"),
    thaw: () => signalAll("SIGCONT"),
    start,
    crash: () => run(join(bin, "pg_ctl"), ["-D", data, "-m", "immediate", "stop"]),
    async stop() {
      try {
        run(join(bin, "pg_ctl"), ["-D", data, "-m", "fast", "stop"]);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

let counter = 0;

/** A new empty database on the cluster at `adminUrl`, for one test (or one file); its URL. */
export async function createPgDatabase(adminUrl: string, prefix = "t"): Promise<string> {
  const name = `${prefix}_${process.pid}_${Date.now().toString(36)}_${counter++}`;
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`create database ${name}`);
  } finally {
    await client.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}
