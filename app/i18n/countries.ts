// Country names from the server's CLDR data (the everyday names: "Taiwan", "United States"), so the
// page never depends on the reader's browser having the same names.
const regionNames = new Intl.DisplayNames(["en-GB"], { type: "region" });

/** A country's English name from its ISO 3166 code; the code itself if there is none. */
export const countryName = (code: string) => regionNames.of(code) ?? code;
