import type { z } from "zod";
import { notFound } from "./domain-error";

/** A route's parameters read by `schema`; an address that does not fit answers 404. */
export function parseParams<S extends z.ZodType>(params: Record<string, string | undefined>, schema: S): z.infer<S> {
  const parsed = schema.safeParse(params);
  if (!parsed.success) throw notFound();
  return parsed.data;
}
