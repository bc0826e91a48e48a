import type { z } from "zod";
import { DomainError } from "~/utils/domain-error";
import { CORS_HEADERS, publicNotFound } from "~/utils/public-resource.server";

// What the open-data routes share (c.$slug[.]json.ts, campaigns[.]json.ts, the signatories'
// JSON and CSV): reading the query through zod, and the errors any site may read, as JSON.

export const JSON_TYPE = "application/json; charset=utf-8";
export const CSV_TYPE = "text/csv; charset=utf-8";

/** A 400 naming what is wrong with the query, readable by any site. */
function badQuery(message: string) {
  return new Response(JSON.stringify({ error: message }), {
    status: 400,
    headers: { ...CORS_HEADERS, "Content-Type": JSON_TYPE, "Cache-Control": "public, max-age=60" },
  });
}

/** The request's query read by `schema`, or the 400 to answer. */
export function readQuery<S extends z.ZodType>(request: Request, schema: S): { query: z.infer<S> } | { refusal: Response } {
  const parsed = schema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (parsed.success) return { query: parsed.data };
  return { refusal: badQuery(parsed.error.issues.map((issue) => issue.message).join("; ")) };
}

/** Runs an open-data answer; a campaign that is not public (or not there) is the public 404. */
export async function openData(answer: () => Promise<Response>) {
  try {
    return await answer();
  } catch (error) {
    if (error instanceof DomainError && error.status === 404) return publicNotFound("No public campaign has this address");
    throw error;
  }
}
