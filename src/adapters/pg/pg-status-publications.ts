import type { Publication } from "../../domain/status-page/status-page.js";
import type { Timeline } from "../../ports/incident-store.js";
import type { StatusPublications } from "../../ports/status-publications.js";
import { insertRow } from "./pg-rows.js";
import { columnsOf } from "./pg-rows.js";
import { statusPublications } from "./schema.js";
import type { SyncPg } from "./sync-pg.js";

type Row = Omit<Publication, "components"> & { components: string };
const toPublication = (row: Row): Publication => ({ ...row, components: JSON.parse(row.components) });

/** Status-page publications on PostgreSQL; the row and its timeline event commit together. */
export function createPgStatusPublications(db: SyncPg, timeline: Timeline): StatusPublications {
  const select = `select ${columnsOf(statusPublications)} from status_publications`;
  const order = "order by published_at, id";
  return {
    publish(publication, event) {
      // The timeline's own transaction nests as a savepoint inside this one.
      return db.transaction(() => {
        const row = toPublication(
          insertRow<Row>(db, statusPublications, {
            ...publication,
            components: JSON.stringify(publication.components),
          }) as Row,
        );
        timeline.append({
          ...event,
          incidentId: publication.incidentId,
          data: { ...event.data, publicationId: row.id },
        });
        return row;
      });
    },
    all: () => db.query<Row>(`${select} ${order}`).map(toPublication),
    forIncident: (incidentId) =>
      db.query<Row>(`${select} where incident_id = $1 ${order}`, [incidentId]).map(toPublication),
  };
}
