import { defineConfig } from "drizzle-kit";

/** The PostgreSQL record (DATABASE_URL=postgres://...): `npm run db:generate:pg`. */
export default defineConfig({
  dialect: "postgresql",
  schema: "./src/adapters/pg/schema.ts",
  out: "./migrations/pg",
});
