import type { EasyReadStrings } from "../types";

// Easy Read English: the words a person with a learning disability reads on the way to signing.
// Each key here overrides the same key of the standard English (public.ts, common.ts, email.ts) on
// Easy Read pages and in Easy Read mail; a key left out falls back to the standard text.
// Short sentences, one idea each, everyday words; a hard word is explained in the next sentence.
export const easyReadStrings = {} satisfies EasyReadStrings;
