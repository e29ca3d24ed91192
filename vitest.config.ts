import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // One redis-server for the run; every harness keeps to its own QUEUE_PREFIX on it.
    globalSetup: ["test/support/global-redis.ts"],
    // Fails any test after which a Slack or PagerDuty fake answered an error it did not expect.
    setupFiles: ["test/support/fail-on-unexpected.ts"],
    // Integration tests each start a bot and fakes; running files one at a time keeps a
    // 2-core CI machine from timing out, and each file still runs its tests in order.
    fileParallelism: false,
    testTimeout: 30_000,
    hookTimeout: 30_000,
    coverage: { provider: "v8", include: ["src/**"] },
  },
});
