import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { join, relative, resolve } from "node:path";
import express from "express";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { envSchema, FILE_DEFAULTS } from "../../src/config/env.js";
import { loadMatrix } from "../../src/config/matrix.js";
import { healthRouter } from "../../src/adapters/http/health-routes.js";
import { defaultMigrationsFolder } from "../../src/adapters/db/client.js";
import { isPostgresUrl, pgMigrationsFolder } from "../../src/adapters/pg/migrate-pg.js";

/**
 * What an operator runs in production (README "Running in production"): the Dockerfile, the
 * docker-compose.yml of two replicas on one PostgreSQL and one Redis, and the HAProxy config in
 * front. There is no Docker engine in CI: these tests read the files and check what users rely on.
 */
const ROOT = resolve(import.meta.dirname, "../..");
const read = (path: string) => readFileSync(resolve(ROOT, path), "utf8");

type Service = {
  image?: string;
  build?: string | { context?: string };
  command?: string[] | string;
  environment?: Record<string, string | number>;
  env_file?: string | string[];
  volumes?: string[];
  ports?: string[];
  depends_on?: Record<string, { condition: string }> | string[];
  healthcheck?: { test: string[] | string };
};
const compose = parse(read("docker-compose.yml"), { merge: true }) as {
  services: Record<string, Service>;
  volumes?: Record<string, unknown>;
};
const services = Object.entries(compose.services);
const named = (prefix: string) => services.filter(([, s]) => s.image?.startsWith(prefix));
/** The bot replicas: the services built from this repository's Dockerfile. */
const replicas = services.filter(
  ([, s]) => s.build === "." || (typeof s.build === "object" && s.build.context === "."),
);
const [[postgresName, postgres]] = named("postgres:") as [[string, Service]];
const [[redisName, redis]] = named("redis:") as [[string, Service]];
const [[, proxy]] = named("haproxy:") as [[string, Service]];
const envOf = (s: Service) =>
  Object.fromEntries(Object.entries(s.environment ?? {}).map(([k, v]) => [k, String(v)]));
/** Compose's `${NAME}` / `${NAME:?message}` with a value, as `docker compose` would with .env. */
const interpolate = (value: string, vars: Record<string, string>) =>
  value.replace(/\$\{([A-Z0-9_]+)(?::?[?-][^}]*)?\}/g, (_, name: string) => vars[name] ?? "");
const commandOf = (s: Service) => (Array.isArray(s.command) ? s.command : (s.command ?? "").split(/\s+/));
const healthTest = (s: Service) => [s.healthcheck?.test ?? []].flat().join(" ");

/** `.env.example` is the env file's template (`cp .env.example .env`): the names it lists. */
const envExampleNames = new Set(
  read(".env.example")
    .split("\n")
    .map((line) => line.match(/^([A-Z][A-Z0-9_]*)=/)?.[1])
    .filter((name): name is string => !!name),
);

/** HAProxy's config as sections of directive lines (comments and blank lines dropped). */
function haproxySections(text: string): Map<string, string[]> {
  const sections = new Map<string, string[]>();
  let current: string[] = [];
  for (const raw of text.split("\n")) {
    const line = raw.replace(/#.*$/, "").trimEnd();
    if (!line.trim()) continue;
    if (/^\S/.test(line)) {
      current = [];
      sections.set(line.trim(), current);
    } else current.push(line.trim().replace(/\s+/g, " "));
  }
  return sections;
}
const proxyConfigPath = (proxy.volumes ?? [])
  .map((v) => v.split(":"))
  .find(([, target]) => target?.endsWith("haproxy.cfg"))?.[0] as string;
const haproxyCfg = proxyConfigPath ? resolve(ROOT, proxyConfigPath) : "";
const haproxy = haproxySections(proxyConfigPath ? readFileSync(haproxyCfg, "utf8") : "");
const frontend = [...haproxy].find(([name]) => name.startsWith("frontend "))?.[1] ?? [];
const backendName = frontend.find((l) => l.startsWith("default_backend "))?.split(" ")[1];
const backend = haproxy.get(`backend ${backendName}`) ?? [];

/** Dockerfile instructions of the last (run-time) stage and of every stage, continuations joined. */
const dockerfile = read("Dockerfile")
  .replace(/\\\n/g, " ")
  .split("\n")
  .map((l) => l.trim())
  .filter((l) => l && !l.startsWith("#"));
const lastFrom = dockerfile.map((l) => l.startsWith("FROM ")).lastIndexOf(true);
const lastStage = dockerfile.slice(lastFrom);
const instruction = (lines: string[], name: string) =>
  lines.filter((l) => l.startsWith(`${name} `)).map((l) => l.slice(name.length + 1).trim());

/** The path a health check in these files asks for, answered by the bot's health router while Redis is down. */
async function statusWhileRedisIsDown(path: string): Promise<number> {
  const app = express().use(
    healthRouter({
      database: () => {},
      redis: () => {
        throw new Error("connect ECONNREFUSED");
      },
    }),
  );
  const server = app.listen(0, "127.0.0.1");
  await new Promise((r) => server.once("listening", r));
  try {
    const { port } = server.address() as AddressInfo;
    return (await fetch(`http://127.0.0.1:${port}${path}`)).status;
  } finally {
    server.close();
  }
}

describe("docker-compose.yml", () => {
  it("runs two replicas of the bot's image on one PostgreSQL and one Redis", () => {
    expect(replicas.map(([name]) => name)).toHaveLength(2);
    expect(named("postgres:")).toHaveLength(1);
    expect(named("redis:")).toHaveLength(1);
    expect(new Set(replicas.map(([, s]) => s.image)).size).toBe(1);
    const vars = { POSTGRES_PASSWORD: "0123abcd" };
    for (const [, bot] of replicas) {
      const env = envOf(bot);
      const databaseUrl = interpolate(env.DATABASE_URL ?? "", vars);
      // The URL the bot takes as "PostgreSQL" (not SQLite), at the postgres service, with the
      // user, password and database that service is created with.
      expect(isPostgresUrl(databaseUrl)).toBe(true);
      expect(envSchema.shape.DATABASE_URL.safeParse(databaseUrl).success).toBe(true);
      const db = new URL(databaseUrl);
      const pgEnv = envOf(postgres);
      expect(db.hostname).toBe(postgresName);
      expect(db.username).toBe(pgEnv.POSTGRES_USER);
      expect(db.password).toBe(interpolate(pgEnv.POSTGRES_PASSWORD ?? "", vars));
      expect(db.password).toBe(vars.POSTGRES_PASSWORD);
      expect(db.pathname).toBe(`/${pgEnv.POSTGRES_DB}`);
      expect(new URL(env.REDIS_URL ?? "").hostname).toBe(redisName);
      // One queue: both replicas use the same QUEUE_PREFIX (the env file's, or the default).
      expect(env.QUEUE_PREFIX).toBeUndefined();
    }
    expect(new Set(replicas.map(([, s]) => JSON.stringify(envOf(s)))).size).toBe(1);
  });

  it("starts the bots only once PostgreSQL and Redis answer their health checks", () => {
    for (const [, bot] of replicas) {
      expect(bot.depends_on).toEqual({
        [postgresName]: { condition: "service_healthy" },
        [redisName]: { condition: "service_healthy" },
      });
    }
    expect(healthTest(postgres)).toMatch(/pg_isready/);
    expect(healthTest(redis)).toMatch(/redis-cli.*ping/);
  });

  it("keeps Redis's schedule on a volume: append-only, fsync every second, nothing evicted", () => {
    const command = commandOf(redis).join(" ");
    expect(command).toMatch(/--appendonly yes\b/);
    expect(command).toMatch(/--appendfsync everysec\b/);
    // BullMQ's keys must never be evicted under memory pressure.
    expect(command).toMatch(/--maxmemory-policy noeviction\b/);
    const [source] =
      (redis.volumes ?? []).map((v) => v.split(":")).find(([, target]) => target === "/data") ?? [];
    expect(Object.keys(compose.volumes ?? {})).toContain(source);
  });

  it("keeps PostgreSQL's data and the evidence copies on volumes", () => {
    const mounts = (s: Service) =>
      new Map((s.volumes ?? []).map((v) => v.split(":").reverse() as [string, string]));
    expect(Object.keys(compose.volumes ?? {})).toContain(mounts(postgres).get("/var/lib/postgresql/data"));
    // Evidence files are not rows: every replica writes and checks the same folder.
    for (const [, bot] of replicas) {
      const dir = envOf(bot).EVIDENCE_DIR as string;
      expect(Object.keys(compose.volumes ?? {})).toContain(mounts(bot).get(dir));
    }
  });

  it("gives each replica every variable the bot and the default escalation matrix require", () => {
    const schemaRequired = Object.entries(envSchema.shape)
      .filter(([, schema]) => !schema.safeParse(undefined).success)
      .map(([name]) => name);
    expect(schemaRequired).toEqual(
      expect.arrayContaining(["SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "INCIDENTS_CHANNEL"]),
    );
    // The `${NAME}`s the default matrix reads (those without a `:-default`).
    const matrix = loadMatrix(resolve(ROOT, FILE_DEFAULTS.ESCALATION_MATRIX), {}, { placeholders: true });
    if (!matrix.ok) throw new Error(matrix.problems.join("\n"));
    expect(matrix.placeholders.length).toBeGreaterThan(0);
    for (const [name, bot] of replicas) {
      // The env file is .env, made from .env.example; compose's own environment wins over it.
      expect([bot.env_file].flat(), name).toEqual([".env"]);
      const provided = new Set([...envExampleNames, ...Object.keys(envOf(bot))]);
      const missing = [...schemaRequired, ...matrix.placeholders].filter((v) => !provided.has(v));
      expect(missing, `${name} lacks`).toEqual([]);
    }
    // Whatever compose sets itself is a value the bot accepts.
    for (const [name, value] of Object.entries(envOf(replicas[0]![1]))) {
      const schema = envSchema.shape[name as keyof typeof envSchema.shape];
      expect(schema, `${name} is not a variable the bot reads`).toBeDefined();
      expect(schema.safeParse(interpolate(value, { POSTGRES_PASSWORD: "0123abcd" })).success, name).toBe(
        true,
      );
    }
  });

  it("writes no secret value inline: secrets come from .env, which git and the image never see", () => {
    const secretName = /TOKEN|SECRET|PASSWORD|_KEY/;
    const onlyReference = /^\$\{[A-Z0-9_]+(:?[?-][^}]*)?\}$/;
    for (const [name, service] of services) {
      for (const [key, value] of Object.entries(envOf(service))) {
        if (secretName.test(key)) expect(value, `${name}.${key}`).toMatch(onlyReference);
        // A URL's password (DATABASE_URL) is a reference too.
        if (/^[a-z]+:\/\//.test(value)) {
          const password = value.match(/^[a-z]+:\/\/[^:@/]*:(\$\{[^}]*\}|[^@]*)@/)?.[1];
          if (password !== undefined) expect(password, `${name}.${key}`).toMatch(onlyReference);
        }
      }
    }
    // The bot's own secrets are never set here at all: only the env file carries them.
    const botSecrets = Object.keys(envSchema.shape).filter((k) => secretName.test(k));
    for (const [, bot] of replicas)
      expect(Object.keys(envOf(bot)).filter((k) => botSecrets.includes(k))).toEqual([]);
    expect(read(".gitignore").split("\n")).toContain(".env");
    expect(read(".dockerignore").split("\n")).toContain(".env");
  });
});

describe("the proxy (deploy/haproxy/haproxy.cfg)", () => {
  it("is the proxy service's config, published on the port it listens on", () => {
    expect(existsSync(haproxyCfg)).toBe(true);
    const bind = frontend.find((l) => l.startsWith("bind "))?.match(/:(\d+)/)?.[1];
    expect((proxy.ports ?? []).some((p) => p.endsWith(`:${bind}`))).toBe(true);
  });

  it("spreads requests round-robin over exactly the two replicas, on their port", () => {
    expect(backend).toContain("balance roundrobin");
    const servers = backend.filter((l) => l.startsWith("server ")).map((l) => l.split(" ")[2]);
    const port = envOf(replicas[0]![1]).PORT;
    expect(servers.sort()).toEqual(replicas.map(([name]) => `${name}:${port}`).sort());
  });

  it("retries on the other replica only when a request could not be sent, never one a replica received", () => {
    const all = [...haproxy.values()].flat();
    expect(all.filter((l) => l.startsWith("retry-on"))).toEqual(["retry-on conn-failure"]);
    expect(backend).toContain("option redispatch 1");
    expect(all.some((l) => /l7-retry|non_idempotent/.test(l))).toBe(false);
    // Passive: errors on live traffic take a replica out.
    expect(backend.join("\n")).toMatch(/observe layer4 .*on-error mark-down/);
  });

  it("forwards the client's address and scheme", () => {
    expect(frontend).toContain("option forwardfor");
    expect(frontend.some((l) => /set-header X-Forwarded-Proto https if \{ ssl_fc \}/.test(l))).toBe(true);
  });

  it("checks a path that stays healthy while the shared Redis is down (not /readyz)", async () => {
    const path = backend
      .find((l) => l.startsWith("option httpchk "))
      ?.split(" ")
      .at(-1) as string;
    expect(await statusWhileRedisIsDown(path)).toBe(200);
    // /readyz would answer 503 on every replica at once: the proxy would refuse Slack entirely.
    expect(await statusWhileRedisIsDown("/readyz")).toBe(503);
  });

  it("passes `haproxy -c`", (ctx) => {
    const bin = ["/usr/sbin/haproxy", "/usr/local/sbin/haproxy"].find(existsSync);
    if (!bin)
      return ctx.skip(
        "haproxy is not installed (Debian: apt-get install haproxy); the config was not checked",
      );
    // The replicas' names resolve only inside compose: haproxy warns and still says valid.
    const out = execFileSync(bin, ["-c", "-f", haproxyCfg], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
    });
    expect(out).toContain("Configuration file is valid");
  });
});

describe("Dockerfile", () => {
  it("runs what `npm start` runs, as an unprivileged user, on node:20-slim", () => {
    const pkg = JSON.parse(read("package.json")) as { scripts: Record<string, string> };
    expect(JSON.parse(instruction(lastStage, "CMD")[0] as string)).toEqual(pkg.scripts.start?.split(" "));
    expect(instruction(lastStage, "FROM")[0]).toMatch(/^node:20(-bookworm)?-slim$/);
    const user = instruction(lastStage, "USER").at(-1);
    expect(user).toBeDefined();
    expect(user).not.toMatch(/^(root|0)(:|$)/);
    // The build stage compiles with tsconfig.build.json and keeps only production dependencies.
    expect(instruction(dockerfile, "RUN").join("\n")).toMatch(
      /npm ci[\s\S]*npm run build && npm prune --omit=dev/,
    );
  });

  it("has the migrations (SQLite and PostgreSQL), playbooks and console assets where the bot looks", () => {
    const workdir = instruction(lastStage, "WORKDIR").at(-1) as string;
    const copied = instruction(lastStage, "COPY").map((c) => c.replace(/^--from=\S+ /, "").split(" "));
    const at = (source: string) => copied.find(([from]) => from === source || from === `/app/${source}`)?.[1];
    // The image's /app is laid out like the repository: the folders the bot computes from its
    // own file are the same, relative to the root.
    for (const folder of [defaultMigrationsFolder(), pgMigrationsFolder()]) {
      const top = relative(ROOT, folder).split("/")[0] as string;
      expect(resolve(workdir, at(top) ?? "missing"), top).toBe(resolve(workdir, top));
    }
    expect(readdirSync(pgMigrationsFolder()).some((f) => f.endsWith(".sql"))).toBe(true);
    for (const folder of ["dist", "playbooks", "public"]) {
      expect(resolve(workdir, at(folder) ?? "missing"), folder).toBe(resolve(workdir, folder));
    }
    expect(copied.some(([from]) => from === "package.json")).toBe(true); // "type": "module"
  });

  it("checks /healthz, which stays healthy while the shared Redis is down", async () => {
    const check = instruction(lastStage, "HEALTHCHECK")[0] as string;
    const path = check.match(/\/[a-z]+z\b/)?.[0] as string;
    expect(path).toBe("/healthz");
    expect(await statusWhileRedisIsDown(path)).toBe(200);
  });

  it("gets no secrets or local state in its build context, and everything the build copies", () => {
    const ignored = read(".dockerignore")
      .split("\n")
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith("#") && !l.startsWith("!"));
    const matches = (name: string) =>
      ignored.some((p) =>
        new RegExp(`^${p.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*")}$`).test(name),
      );
    for (const secret of [".env", ".git", "node_modules", "dist", "data", "imoc.sqlite"]) {
      expect(matches(secret), secret).toBe(true);
    }
    const sources = instruction(dockerfile, "COPY")
      .filter((c) => !c.startsWith("--from="))
      .flatMap((c) => c.split(" ").slice(0, -1));
    expect(sources.length).toBeGreaterThan(0);
    for (const source of sources) expect(matches(source), source).toBe(false);
  });

  it("needs only production dependencies at run time (every package src/ imports)", () => {
    const pkg = JSON.parse(read("package.json")) as { dependencies: Record<string, string> };
    const files = (dir: string): string[] =>
      readdirSync(dir).flatMap((f) => {
        const p = join(dir, f);
        return statSync(p).isDirectory() ? files(p) : p.endsWith(".ts") ? [p] : [];
      });
    const imported = new Set<string>();
    for (const file of files(resolve(ROOT, "src"))) {
      const text = readFileSync(file, "utf8");
      // Type-only imports vanish at compile time (verbatimModuleSyntax); the rest load at run time.
      for (const m of text.matchAll(/^import (?!type )[^;]*?from "([^".][^"]*)"/gm))
        imported.add(m[1] as string);
      for (const m of text.matchAll(
        /import\("([^".][^"]*)"\)|createRequire\([^)]*\)\.resolve\("([^".][^"]*)"\)/g,
      ))
        imported.add((m[1] ?? m[2]) as string);
    }
    const packages = [...imported]
      .filter((s) => !s.startsWith("node:"))
      .map((s) => (s.startsWith("@") ? s.split("/").slice(0, 2).join("/") : (s.split("/")[0] as string)));
    expect(packages.length).toBeGreaterThan(5);
    expect([...new Set(packages)].filter((p) => !pkg.dependencies[p])).toEqual([]);
  });
});
