import { env } from "./env.server";

declare module "@remix-run/node" {
  interface AppLoadContext {
    /** The TCP peer's address, from the server (server.js). */
    clientAddress?: string;
  }
}

/**
 * The client's address. Behind a proxy (TRUST_PROXY=1) the right-most X-Forwarded-For entry is
 * the one our own proxy added; without it the header is ignored, since anyone can send it.
 */
export function getClientIp(request: Request, socketAddress: string | undefined) {
  if (env.TRUST_PROXY) {
    const forwarded = request.headers.get("x-forwarded-for");
    const last = forwarded?.split(",").map((s) => s.trim()).filter(Boolean).at(-1);
    if (last) return last;
  }
  return socketAddress ?? "unknown";
}

/** The answer to a body past its limit; the connection closes, so the rest is never read. */
export function bodyTooLarge() {
  return new Response("The form is too large.", { status: 413, headers: { Connection: "close" } });
}

/**
 * The request with its body counted as it arrives: past `maxBytes` the body stream fails with a
 * 413 Response (to throw), whatever `Content-Length` said or did not say (a chunked body says
 * nothing). A `Content-Length` already over the limit is refused before anything is read.
 */
export function limitBody(request: Request, maxBytes: number) {
  if (Number(request.headers.get("content-length") ?? 0) > maxBytes) throw bodyTooLarge();
  if (!request.body) return request;
  const reader = request.body.getReader();
  let seen = 0;
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const { done, value } = await reader.read();
      if (done) return controller.close();
      seen += value.byteLength;
      // The rest is left unread (cancelling would destroy the socket before the 413 is sent);
      // the 413 closes the connection.
      if (seen > maxBytes) return controller.error(bodyTooLarge());
      controller.enqueue(value);
    },
    cancel: (reason) => reader.cancel(reason),
  });
  return new Request(request.url, { method: request.method, headers: request.headers, body, duplex: "half", signal: request.signal } as RequestInit);
}

/** Reads a body to its end (a limited one fails with its 413). */
async function readBody(request: Request) {
  const chunks: Uint8Array[] = [];
  const reader = request.body?.getReader();
  if (!reader) return Buffer.alloc(0);
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return Buffer.concat(chunks);
    chunks.push(value);
  }
}

/**
 * The submitted form, or a 4xx Response to throw: too large (413, counted as it arrives), or not
 * a form at all (415). A person using the page never meets either; a script sending junk gets a
 * clear answer, not a 500. Read the fields through `parseSubmission` (utils/submission.server.ts).
 */
export async function readForm(request: Request, maxBytes = 64 * 1024) {
  const limited = limitBody(request, maxBytes);
  const type = request.headers.get("content-type") ?? "";
  if (!/^(application\/x-www-form-urlencoded|multipart\/form-data)\b/i.test(type)) {
    throw new Response("Send the form as application/x-www-form-urlencoded or multipart/form-data.", { status: 415 });
  }
  let body: Buffer;
  try {
    body = await readBody(limited);
  } catch (error) {
    if (error instanceof Response) throw error;
    throw new Response("The form could not be read.", { status: 400 });
  }
  try {
    return await new Response(new Uint8Array(body), { headers: { "Content-Type": type } }).formData();
  } catch {
    throw new Response("The form could not be read.", { status: 400 });
  }
}
