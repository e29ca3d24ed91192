import type { WebClient } from "@slack/web-api";
import { ChatError } from "../../ports/chat.js";
import type { EvidenceSource } from "../../ports/custody.js";
import { wrap } from "./slack-chat.js";

const MAX_BYTES = 1024 ** 3;

/**
 * Downloads a Slack file as the bot: `files.info` for its private download URL, then a GET with
 * the bot token (`Authorization: Bearer`). Without the token Slack answers 200 with its sign-in
 * page, so an HTML answer for a file that is not HTML is refused rather than kept as evidence.
 */
export function createSlackEvidenceSource(client: WebClient): EvidenceSource {
  return {
    async download(fileId) {
      let file: { name?: string; mimetype?: string; url_private_download?: string; url_private?: string };
      try {
        const res = await client.files.info({ file: fileId });
        file = (res.file ?? {}) as typeof file;
      } catch (error) {
        throw wrap("files.info", error);
      }
      const url = file.url_private_download ?? file.url_private;
      if (!url) throw new ChatError("no_download_url", `Slack gave no download URL for file ${fileId}`);
      let res: Response;
      try {
        res = await fetch(url, {
          headers: { authorization: `Bearer ${client.token ?? ""}` },
          signal: AbortSignal.timeout(60_000),
        });
      } catch (error) {
        throw new ChatError(
          "download_failed",
          `download of ${fileId} failed: ${(error as Error).message}`,
          true,
        );
      }
      if (!res.ok) {
        const transient = res.status === 429 || res.status >= 500;
        throw new ChatError(
          `http_${res.status}`,
          `download of ${fileId} failed: HTTP ${res.status}`,
          transient,
        );
      }
      const type = res.headers.get("content-type") ?? "";
      if (type.startsWith("text/html") && !(file.mimetype ?? "").startsWith("text/html"))
        throw new ChatError(
          "not_authorized",
          `download of ${fileId} answered a sign-in page: is the bot token valid?`,
        );
      const bytes = Buffer.from(await res.arrayBuffer());
      if (bytes.length > MAX_BYTES) throw new ChatError("too_large", `file ${fileId} is over 1 GiB`);
      return { name: file.name ?? fileId, mimetype: file.mimetype ?? null, bytes };
    },
  };
}
