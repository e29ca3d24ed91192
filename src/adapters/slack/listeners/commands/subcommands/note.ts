import { addNote } from "../../../../../app/timeline/add-note.js";
import { noteRecordedReply } from "../../../blocks/incident-replies.js";
import { accept, reject, type Subcommand } from "./subcommand.js";

export const note: Subcommand<{ text: string }> = {
  name: "note",
  usage: "/incident note <text>",
  summary: "Add a note to the incident timeline.",
  scope: "incident",
  parse: (text) =>
    text ? accept({ text }) : reject("Write the note after the command: `/incident note <text>`."),
  async run(ctx, { text }) {
    const event = await addNote(ctx.deps, { incident: ctx.incident, text, actor: ctx.actor });
    return noteRecordedReply(event);
  },
};
