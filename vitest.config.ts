import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // One redis-server and one PostgreSQL cluster for the run; every harness keeps to its own
    // QUEUE_PREFIX on the one and its own database on the other.
    globalSetup: ["test/support/global-redis.ts", "test/support/global-postgres.ts"],
    // Fails any test after which a Slack or PagerDuty fake answered an error it did not expect.
    setupFiles: ["test/support/fail-on-unexpected.ts"],
    // Two files at a time: the escalation and status-update files mostly wait on real timers, so a
    // second worker overlaps them with the rest. A third oversubscribes a 2-core machine (spawned
    // bots took twice as long to start), and the timing tests need CPU headroom to stay within
    // their tolerances. Each file still runs its tests in order.
    pool: "forks",
    fileParallelism: true,
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 30_000,
    coverage: { provider: "v8", include: ["src/**"] },
  },
});
