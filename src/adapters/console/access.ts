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
  /** How long a channel's member list is trusted (a removed member loses access within it). */
  membersTtlMs?: number;
}

/**
 * Who may do what. Roles come from Slack user groups at sign-in; security incidents are seen by
 * admins and by members of the incident's channel only (Slack says who, cached briefly).
 */
export function createConsoleAccess(o: AccessOptions) {
  const ttl = o.membersTtlMs ?? 30_000;
  const members = new Map<string, { ids: Promise<Set<string>>; until: number }>();

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

  function channelMembers(channelId: string): Promise<Set<string>> {
    const cached = members.get(channelId);
    if (cached && cached.until > Date.now()) return cached.ids;
    const ids = o.directory.channelMembers(channelId).then(
      (list) => new Set(list),
      (error: unknown) => {
        members.delete(channelId);
        o.logger.warn(
          { channelId, err: String(error) },
          "console: cannot read a channel's members; treated as none",
        );
        return new Set<string>();
      },
    );
    members.set(channelId, { ids, until: Date.now() + ttl });
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
      return (await channelMembers(incident.channelId)).has(session.userId);
    },
    /** The security incidents this person may see: all (admins) or the ids of their channels. */
    async visibleSecurity(session: ConsoleSession): Promise<"all" | number[]> {
      if (session.role === "admin") return "all";
      const channels = o.store.securityChannels().filter((c) => c.channelId !== null);
      const seen = await Promise.all(
        channels.map(async (c) =>
          (await channelMembers(c.channelId as string)).has(session.userId) ? c.id : null,
        ),
      );
      return seen.filter((id): id is number => id !== null);
    },
  };
}

export type ConsoleAccess = ReturnType<typeof createConsoleAccess>;
