/** A line of `/incident help`: what the subcommand table says about one subcommand. */
export interface UsageLine {
  name: string;
  usage: string;
  summary: string;
}

/** `/incident help`, and the list under an unknown subcommand. */
export function helpText(subcommands: readonly UsageLine[], warning?: string): string {
  const lines = subcommands.map((s) => `• \`${s.usage}\` — ${s.summary}`);
  const head = warning ? `:warning: ${warning}\n\n` : "";
  return `${head}*/incident commands*\n${lines.join("\n")}\nInside an incident channel the commands act on that incident.`;
}

export const unknownSubcommandReply = (head: string, subcommands: readonly UsageLine[]) =>
  helpText(subcommands, `\`${head}\` is not an /incident command.`);

/** A subcommand's arguments did not parse: what was wrong, then its usage line. */
export const parseErrorReply = (subcommand: UsageLine, error: string) =>
  `:warning: ${error}\nUsage: \`${subcommand.usage}\` — ${subcommand.summary}`;

export const commandFailedReply = (name: string, error: unknown) =>
  `:x: \`/incident ${name}\` failed: ${error instanceof Error ? error.message : String(error)}. What was recorded before the failure is kept.`;
