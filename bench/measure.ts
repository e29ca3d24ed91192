import { performance } from "node:perf_hooks";

export interface Measured {
  /** Wall time, ms: median, best and worst of the measured runs. */
  median: number;
  best: number;
  worst: number;
  /** CPU time of this process, ms (median): what the work costs, whatever else the machine runs. */
  cpuMedian: number;
  /** Size of what the last run produced. */
  bytes: number;
}

/** Two warm-up runs (JIT), then ten measured ones; `run` returns the size of what it produced. */
export async function measureRuns(run: () => Promise<number>): Promise<Measured> {
  const wall: number[] = [];
  const cpu: number[] = [];
  let bytes = 0;
  for (let i = 0; i < 12; i++) {
    const started = performance.now();
    const cpuStart = process.cpuUsage();
    bytes = await run();
    if (i < 2) continue;
    wall.push(performance.now() - started);
    const used = process.cpuUsage(cpuStart);
    cpu.push((used.user + used.system) / 1000);
  }
  const median = (xs: number[]) => ((xs[4] ?? 0) + (xs[5] ?? 0)) / 2;
  wall.sort((a, b) => a - b);
  cpu.sort((a, b) => a - b);
  return { median: median(wall), best: wall[0] ?? 0, worst: wall.at(-1) ?? 0, cpuMedian: median(cpu), bytes };
}
