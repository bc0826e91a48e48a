import { describe, expect, it } from "vitest";
import { CsvError, parseCsv } from "./csv";

const fields = (text: string) => parseCsv(text).map((record) => record.fields);

describe("parseCsv", () => {
  it("reads plain records, with CRLF or LF, and no record for a final line break", () => {
    expect(fields("a,b,c\r\n1,2,3\r\n")).toEqual([["a", "b", "c"], ["1", "2", "3"]]);
    expect(fields("a,b\n1,2")).toEqual([["a", "b"], ["1", "2"]]);
  });

  it("keeps commas, line breaks and doubled quotes inside quotes", () => {
    const records = parseCsv('name,town\r\n"Jones, Ann","Line one\r\nline two"\r\n"Say ""hi""",x\r\n');
    expect(records.map((r) => r.fields)).toEqual([
      ["name", "town"],
      ["Jones, Ann", "Line one\r\nline two"],
      ['Say "hi"', "x"],
    ]);
    // Each record knows the line it starts on, for messages about it.
    expect(records.map((r) => r.line)).toEqual([1, 2, 4]);
  });

  it("drops a byte order mark, and keeps empty fields, quoted or not", () => {
    expect(fields('\uFEFFa,b,c\n,"",\n')).toEqual([["a", "b", "c"], ["", "", ""]]);
  });

  it("skips blank lines", () => {
    expect(fields("a\n\nb\n\n")).toEqual([["a"], ["b"]]);
  });

  it("refuses an unclosed quote, naming the line it opens on", () => {
    expect(() => parseCsv('a\n"open,b\nc')).toThrow(CsvError);
    try {
      parseCsv('a\n"open,b\nc');
    } catch (error) {
      expect((error as CsvError).line).toBe(2);
    }
    expect(() => parseCsv('"a"b,c')).toThrow(/textAfterQuote/);
  });
});
