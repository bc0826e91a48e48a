import { describe, expect, it } from "vitest";
import { differingFields, PaperCsvRowSchema, PaperRowSchema, storedRow } from "./paper-keying";

const row = (fields: Record<string, unknown>) => storedRow(PaperRowSchema.parse({ signerType: "individual", showName: false, ...fields }));

describe("two typings of a paper row", () => {
  it("agree whatever the spaces, case and Unicode composition", () => {
    const first = row({ name: "  Ann   JONES ", town: "Cardiff", email: "Ann@Example.org" });
    const second = row({ name: "ann jones", town: "cardiff ", email: "ann@example.org" });
    expect(differingFields(first, second)).toEqual([]);
    // NFKC: a ligature and a full-width letter are the letters they stand for; "e" + combining acute is "é".
    expect(differingFields(row({ name: "ﬁona", town: "Ｂangor" }), row({ name: "Fiona", town: "Bangor" }))).toEqual([]);
    expect(differingFields(row({ name: "Zoe\u0301", town: "Rhyl" }), row({ name: "Zoé", town: "Rhyl" }))).toEqual([]);
  });

  it("differ on accents, and field by field", () => {
    expect(differingFields(row({ name: "Sian", town: "Bala" }), row({ name: "Siân", town: "Bala" }))).toEqual(["name"]);
    expect(differingFields(row({ name: "A", town: "B", showName: true }), row({ name: "A", town: "C" }))).toEqual(["town", "showName"]);
    // A row one keyer left empty differs from a row the other typed.
    expect(differingFields(null, row({ name: "A", town: "B" }))).toEqual(["name", "town"]);
    expect(differingFields(null, null)).toEqual([]);
  });

  it("store text collapsed, the email lower-cased, and no organisation for someone signing for themselves", () => {
    expect(row({ name: " Ann  Jones ", town: "Cardiff", email: " ANN@example.org ", organisation: "NHS", role: "Nurse" })).toEqual({
      name: "Ann Jones",
      town: "Cardiff",
      signerType: "individual",
      organisation: null,
      role: "Nurse",
      email: "ann@example.org",
      showName: false,
    });
    expect(row({})).toBeNull();
    expect(row({ showName: true })).toBeNull();
  });
});

describe("a keyed row", () => {
  const issues = (fields: Record<string, unknown>) => {
    const parsed = PaperRowSchema.safeParse({ signerType: "individual", showName: false, ...fields });
    return parsed.success ? [] : parsed.error.issues.map((i) => `${String(i.path[0])}: ${i.message}`);
  };
  it("needs a name and a town unless it is empty, and an organisation for one", () => {
    expect(issues({})).toEqual([]);
    expect(issues({ email: "a@example.org" })).toEqual(["name: paperErrors.nameRequired", "town: paperErrors.townRequired"]);
    expect(issues({ name: "A", town: "B", signerType: "organisation" })).toEqual(["organisation: paperErrors.organisationRequired"]);
    // A professional's role is not required on paper: a keyer types only what was written.
    expect(issues({ name: "A", town: "B", signerType: "professional" })).toEqual([]);
    expect(issues({ name: "A", town: "B", email: "not an address" })).toEqual(["email: paperErrors.email"]);
  });
});

describe("a spreadsheet's line", () => {
  const line = { sheet: "S-0003", row: "4", name: "Ann", town: "Cardiff", signerType: "", organisation: "", role: "", email: "", showName: "" };
  it("reads the sheet, row, signer type and tick as people write them", () => {
    for (const [tick, shown] of [["yes", true], ["TRUE", true], ["1", true], ["x", true], ["", false], ["no", false], ["0", false]] as const) {
      const parsed = PaperCsvRowSchema.parse({ ...line, showName: tick });
      expect(parsed.entry.showName, tick).toBe(shown);
    }
    const parsed = PaperCsvRowSchema.parse({ ...line, sheet: "3", signerType: " Professional " });
    expect(parsed).toMatchObject({ sheet: 3, row: 4, entry: { signerType: "professional", name: "Ann" } });
  });

  it("names what is wrong by its column", () => {
    const parsed = PaperCsvRowSchema.safeParse({ ...line, row: "11", email: "ann@", showName: "maybe" });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((i) => [i.path.join("."), i.message])).toEqual([
      ["row", "paperErrors.row"],
      ["entry.email", "paperErrors.email"],
      ["entry.showName", "paperErrors.showName"],
    ]);
  });
});
