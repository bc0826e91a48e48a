import { z } from "zod";

/** The secret a link carries (verify, sign-in, invitation, download…), as `newToken` makes it: 43 URL-safe characters. */
export const LinkTokenSchema = z.string().regex(/^[A-Za-z0-9_-]{43}$/);
