import { asc, eq } from "drizzle-orm";
import type { Publication } from "../../domain/status-page/status-page.js";
import type { Timeline } from "../../ports/incident-store.js";
import type { StatusPublications } from "../../ports/status-publications.js";
import type { Db } from "./client.js";
import { statusPublications } from "./schema.js";

/** Status-page publications on SQLite; the row and its timeline event commit together. */
export function createSqliteStatusPublications(db: Db, timeline: Timeline): StatusPublications {
  const order = [asc(statusPublications.publishedAt), asc(statusPublications.id)];
  return {
    publish(publication, event) {
      // better-sqlite3 nests the timeline's own transaction as a savepoint inside this one.
      return db.transaction((tx) => {
        const row = tx.insert(statusPublications).values(publication).returning().get();
        timeline.append({
          ...event,
          incidentId: publication.incidentId,
          data: { ...event.data, publicationId: row.id },
        });
        return row satisfies Publication;
      });
    },
    all: () =>
      db
        .select()
        .from(statusPublications)
        .orderBy(...order)
        .all(),
    forIncident: (incidentId) =>
      db
        .select()
        .from(statusPublications)
        .where(eq(statusPublications.incidentId, incidentId))
        .orderBy(...order)
        .all(),
  };
}
