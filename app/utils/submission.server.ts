import { parseWithZod } from "@conform-to/zod/v4";
import { z } from "zod";

// conform turns a field name into a path: `x[10000000]` makes an array of ten million holes, and
// `a.b.b.b…` an object as deep as the name is long, and `reply()` sends all of it back. So the
// server reads only the fields a form's schema declares, with list indexes and depth bounded,
// before conform sees anything. A name the form does not have is dropped, never echoed.

/** The most items a list field (the editor's recipients) may hold: an index past it is dropped. */
const MAX_LIST_ITEMS = 100;
/** `recipients[0].name` is three segments; nothing a form declares goes deeper than this. */
const MAX_DEPTH = 4;
// A name, then `.name` or `[index]` parts; the two start differently, so this cannot backtrack.
const FIELD_NAME = /^[A-Za-z_][\w-]{0,63}(?:\.[A-Za-z_][\w-]{0,63}|\[\d{1,3}\])*$/;
const INTENT = "__intent__";

type Schema = z.ZodType;

/** Every field path a schema declares, with list indexes written `[]`: `recipients[].name`. */
function declaredFieldPaths(schema: Schema) {
  const cached = pathCache.get(schema);
  if (cached) return cached;
  const paths = new Set<string>();
  collect(schema, "", paths, 0);
  pathCache.set(schema, paths);
  return paths;
}
const pathCache = new WeakMap<Schema, Set<string>>();

function collect(schema: Schema, prefix: string, paths: Set<string>, depth: number) {
  if (depth > MAX_DEPTH) return;
  if (prefix) paths.add(prefix);
  const def = (schema as unknown as { _zod: { def: Record<string, unknown> & { type: string } } })._zod.def;
  switch (def.type) {
    case "object":
      for (const [key, child] of Object.entries(def.shape as Record<string, Schema>)) {
        collect(child, prefix ? `${prefix}.${key}` : key, paths, depth + 1);
      }
      return;
    case "array":
      collect(def.element as Schema, `${prefix}[]`, paths, depth + 1);
      return;
    case "union":
      for (const option of def.options as Schema[]) collect(option, prefix, paths, depth);
      return;
    case "intersection":
      collect(def.left as Schema, prefix, paths, depth);
      collect(def.right as Schema, prefix, paths, depth);
      return;
    case "pipe":
      collect(def.in as Schema, prefix, paths, depth);
      collect(def.out as Schema, prefix, paths, depth);
      return;
    case "optional":
    case "nullable":
    case "default":
    case "prefault":
    case "catch":
    case "readonly":
    case "nonoptional":
      collect(def.innerType as Schema, prefix, paths, depth);
      return;
    default:
      return; // a leaf: string, number, enum, boolean…
  }
}

/**
 * The field name written as its template (`recipients[3].name` → `recipients[].name`), or
 * undefined when it is malformed, too deep, or has an index past MAX_LIST_ITEMS.
 */
function fieldTemplate(name: string) {
  if (name.length > 200 || !FIELD_NAME.test(name)) return undefined;
  const segments = name.match(/[^.[\]]+|\[\d+\]/g) ?? [];
  if (segments.length > MAX_DEPTH) return undefined;
  let template = "";
  for (const segment of segments) {
    if (!segment.startsWith("[")) template += template ? `.${segment}` : segment;
    else if (Number(segment.slice(1, -1)) < MAX_LIST_ITEMS) template += "[]";
    else return undefined;
  }
  return template;
}

const index = z.number().int().min(0).max(MAX_LIST_ITEMS - 1);
/** The list buttons conform's forms send without JavaScript (add, remove, move a recipient). */
const IntentSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("validate"), payload: z.object({ name: z.string().optional() }) }),
  z.object({ type: z.literal("insert"), payload: z.object({ name: z.string(), index: index.optional(), defaultValue: z.record(z.string(), z.string().max(200)).optional() }) }),
  z.object({ type: z.literal("remove"), payload: z.object({ name: z.string(), index }) }),
  z.object({ type: z.literal("reorder"), payload: z.object({ name: z.string(), from: index, to: index }) }),
]);

function declaredIntent(value: FormDataEntryValue, allowed: Set<string>) {
  if (typeof value !== "string" || value.length > 1_000) return undefined;
  let parsed: z.infer<typeof IntentSchema>;
  try {
    parsed = IntentSchema.parse(JSON.parse(value));
  } catch {
    return undefined;
  }
  const name = parsed.payload.name;
  if (name !== undefined) {
    const template = fieldTemplate(name);
    if (!template || !allowed.has(template)) return undefined;
  }
  return JSON.stringify(parsed);
}

/** A copy of the form with only the fields `schema` declares (and a well-formed list intent). */
function declaredFields(formData: FormData, schema: Schema) {
  const allowed = declaredFieldPaths(schema);
  const kept = new FormData();
  for (const [name, value] of formData) {
    if (name === INTENT) {
      const intent = declaredIntent(value, allowed);
      if (intent) kept.set(INTENT, intent);
      continue;
    }
    const template = fieldTemplate(name);
    if (template && allowed.has(template)) kept.append(name, value);
  }
  return kept;
}

/**
 * The server's one way to read a submitted form with conform: the declared fields only, so what
 * `reply()` echoes is at most what the form has. Client-side validation may use conform directly.
 */
export function parseSubmission<S extends Schema>(formData: FormData, { schema }: { schema: S }) {
  return parseWithZod(declaredFields(formData, schema), { schema });
}
