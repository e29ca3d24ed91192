import type { IncomingMessage } from "node:http";

/** Buffers the whole request: the fakes need the raw bytes (signatures, uploads) before parsing. */
export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
