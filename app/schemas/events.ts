import { z } from "zod";
import { typedLine } from "./typed-text";

// Events where people sign in person, their kiosks, and the kiosk's sign forms. Messages are
// translation keys (app/i18n).

/** A calendar date as `<input type="date">` and the CLI give it (YYYY-MM-DD), one that exists. */
export const calendarDate = (required: string, invalid = "events.errors.dateInvalid") =>
  z
    .string({ error: required })
    .trim()
    .min(1, required)
    .regex(/^\d{4}-\d{2}-\d{2}$/, invalid)
    .refine((value) => {
      const date = new Date(`${value}T00:00:00Z`);
      return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
    }, invalid);

/**
 * An event: its name, where, its first and last day (one day when the last is left empty), and the
 * language its kiosk speaks. Whether that language is one of the campaign's is the service's check.
 */
export const EventSchema = z
  .object({
    name: typedLine("events.errors.nameRequired").min(1, "events.errors.nameRequired").max(200, "events.errors.nameTooLong"),
    place: typedLine().max(200, "events.errors.placeTooLong").optional(),
    startsOn: calendarDate("events.errors.startsOnRequired"),
    endsOn: calendarDate("events.errors.endsOnInvalid").optional(),
    language: z.enum(["en", "cy"], { error: "events.errors.languageRequired" }).optional(),
  })
  .refine((v) => !v.endsOn || v.endsOn >= v.startsOn, {
    path: ["endsOn"],
    message: "events.errors.endsBeforeStart",
    when: (payload) => !payload.issues.some((issue) => ["startsOn", "endsOn"].includes(String(issue.path?.[0]))),
  });
export type EventInput = z.infer<typeof EventSchema>;

/** `event:create {slug} --name N --date YYYY-MM-DD [--until YYYY-MM-DD] [--place P] [--language cy]`. */
export const EventCommandSchema = z.object({
  slug: z.string({ error: "cli.errors.eventCampaignRequired" }),
  name: z.string({ error: "cli.errors.eventNameRequired" }),
  date: z.string({ error: "cli.errors.eventDateRequired" }),
  until: z.string().optional(),
  place: z.string().optional(),
  language: z.string().optional(),
});

const id = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);

/** The buttons beside an event: open a kiosk for it, or close one of its kiosks. */
export const KioskChangeSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("openKiosk"), eventId: id }),
  z.object({ intent: z.literal("closeKiosk"), kioskId: id }),
]);
