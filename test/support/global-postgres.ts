import type { TestProject } from "vitest/node";
import { startPostgres } from "./postgres.js";

declare module "vitest" {
  export interface ProvidedContext {
    /** The throw-away PostgreSQL cluster of the run (admin URL); `createPgDatabase` gives each test its own database. */
    pgAdminUrl: string;
  }
}

/** vitest globalSetup: one PostgreSQL cluster for the run (initdb in a temp dir, pg_ctl on a free port). */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const postgres = await startPostgres();
  project.provide("pgAdminUrl", postgres.url);
  return () => postgres.stop();
}
