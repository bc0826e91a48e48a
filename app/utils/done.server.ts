import { z } from "zod";
import { redirectInLanguage } from "./redirect.server";

// After a form succeeds, its action redirects back with what it did (`?done=invited`, and a
// number where there is one: `&n=3`), and the page says so. One schema reads that for every page;
// a value the page does not know is read as nothing, so a hand-edited address shows no message.

const DoneSchema = z.object({
  done: z.string().max(40).optional().catch(undefined),
  n: z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional().catch(undefined),
});

/** What the last action on this page did, if it is one of `outcomes`; and its number, if any. */
export function readDone<const Outcome extends string>(request: Request, outcomes: readonly Outcome[]) {
  const { done, n } = DoneSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  return { done: outcomes.find((outcome) => outcome === done), n };
}

/** How many things the last action on this page changed, where that is all it says (`?done=3`). */
export function readDoneCount(request: Request) {
  const parsed = z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER).safeParse(new URL(request.url).searchParams.get("done") ?? undefined);
  return parsed.success ? parsed.data : undefined;
}

/** The redirect that tells `path` (in the request's language) what was done. */
export function redirectDone(request: Request, path: string, done: string | number, n?: number) {
  return redirectInLanguage(request, `${path}?done=${encodeURIComponent(done)}${n === undefined ? "" : `&n=${n}`}`);
}
