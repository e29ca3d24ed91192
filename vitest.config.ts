import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Integration tests each start a bot, Redis and fakes; running files one at a time keeps a
    // 2-core CI machine from timing out, and each file still runs its tests in order.
    fileParallelism: false,
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
