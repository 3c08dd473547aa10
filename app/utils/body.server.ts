/**
 * Request bodies read with a ceiling. A body is refused from its Content-Length before a byte
 * is read, and one sent without a length (chunked) is kept only up to the ceiling (the rest is
 * read and dropped as it arrives), so an oversized upload never sits whole in memory.
 * server.js refuses oversized bodies of every route up front; this is the smaller ceiling of
 * the routes that read their bodies themselves (the JSON API, Open311).
 */

/** The body as text, or null when it is larger than `maxBytes`. */
export async function readBodyText(request: Request, maxBytes: number): Promise<string | null> {
  const declared = Number(request.headers.get("content-length") ?? Number.NaN);
  if (declared > maxBytes) return null;
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  let tooLarge = false;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (tooLarge) continue;
    size += value.byteLength;
    if (size > maxBytes) {
      // Past the ceiling the rest is read and dropped, not kept: cutting the stream would
      // reset the connection, and the client would never see the 413.
      tooLarge = true;
      chunks.length = 0;
      continue;
    }
    chunks.push(value);
  }
  return tooLarge ? null : Buffer.concat(chunks, size).toString("utf8");
}
