import type { Incident } from "../../domain/incident/incident.js";
import type { ConsoleDirectory } from "../../ports/console-directory.js";
import type { ConsoleRole, ConsoleSession, ConsoleStore } from "../../ports/console-store.js";
import type { Logger } from "../../ports/logger.js";

export interface AccessOptions {
  directory: ConsoleDirectory;
  store: Pick<ConsoleStore, "securityChannels">;
  responderGroups: readonly string[];
  adminGroups: readonly string[];
  logger: Logger;
  /** How long a person's channel list is trusted (someone removed from a channel loses access within it). */
  channelsTtlMs?: number;
}

/**
 * Who may do what. Roles come from Slack user groups at sign-in; security incidents are seen by
 * admins and by members of the incident's channel only. Slack says which private channels a
 * person is in with one call (`users.conversations`), cached briefly, rather than one member list
 * per security incident.
 */
export function createConsoleAccess(o: AccessOptions) {
  const ttl = o.channelsTtlMs ?? 30_000;
  const channels = new Map<string, { ids: Promise<Set<string>>; until: number }>();

  async function inGroups(userId: string, groups: readonly string[]): Promise<boolean> {
    for (const group of groups) {
      const ids = await o.directory.groupMembers(group).catch((error: unknown) => {
        o.logger.warn(
          { group, err: String(error) },
          "console: cannot read a user group; its members get no role from it",
        );
        return [] as string[];
      });
      if (ids.includes(userId)) return true;
    }
    return false;
  }

  function privateChannelsOf(userId: string): Promise<Set<string>> {
    const cached = channels.get(userId);
    if (cached && cached.until > Date.now()) return cached.ids;
    const ids = o.directory.privateChannelsOf(userId).then(
      (list) => new Set(list),
      (error: unknown) => {
        channels.delete(userId);
        o.logger.warn(
          { userId, err: String(error) },
          "console: cannot read a person's channels; no security incident shown",
        );
        return new Set<string>();
      },
    );
    channels.set(userId, { ids, until: Date.now() + ttl });
    return ids;
  }

  return {
    async roleOf(userId: string): Promise<ConsoleRole> {
      if (await inGroups(userId, o.adminGroups)) return "admin";
      if (await inGroups(userId, o.responderGroups)) return "responder";
      return "viewer";
    },
    async canSee(session: ConsoleSession, incident: Incident): Promise<boolean> {
      if (!incident.security || session.role === "admin") return true;
      if (!incident.channelId) return false;
      return (await privateChannelsOf(session.userId)).has(incident.channelId);
    },
    /** The security incidents this person may see: all (admins) or the ids of their channels. */
    async visibleSecurity(session: ConsoleSession): Promise<"all" | number[]> {
      if (session.role === "admin") return "all";
      const mine = await privateChannelsOf(session.userId);
      const seen = o.store
        .securityChannels()
        .map((c) => (c.channelId && mine.has(c.channelId) ? c.id : null));
      return seen.filter((id): id is number => id !== null);
    },
  };
}

export type ConsoleAccess = ReturnType<typeof createConsoleAccess>;
