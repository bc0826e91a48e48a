// Reading CSV as RFC 4180 writes it, and as spreadsheets save it: fields separated by commas,
// records by CRLF or LF; a field in double quotes may hold commas, line breaks and doubled quotes
// (""). A UTF-8 byte order mark (Excel's "CSV UTF-8") is dropped, and so is the empty record a final
// line break leaves. Small enough to own: a file keyed by hand has a few hundred lines.

/** Why a text is not CSV, with the line (from 1) where the trouble starts. */
export class CsvError extends Error {
  constructor(
    readonly problem: "unclosedQuote" | "textAfterQuote",
    readonly line: number,
  ) {
    super(`${problem} at line ${line}`);
    this.name = "CsvError";
  }
}

/** A record and the line of the file it starts on (a quoted field may run over several lines). */
export interface CsvRecord {
  line: number;
  fields: string[];
}

export function parseCsv(text: string): CsvRecord[] {
  const source = text.startsWith("\uFEFF") ? text.slice(1) : text;
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = "";
  // Whether anything of the current field has been read, quotes included: "" is a field, not nothing.
  let started = false;
  let line = 1;
  let recordLine = 1;
  let i = 0;
  const endField = () => {
    fields.push(field);
    field = "";
    started = false;
  };
  const endRecord = () => {
    // A line with nothing on it is no record (spreadsheets leave one at the end).
    if (fields.length || started || field !== "") {
      endField();
      records.push({ line: recordLine, fields });
    }
    fields = [];
    recordLine = line;
  };
  while (i < source.length) {
    const char = source[i];
    if (char === '"' && !started) {
      // A quoted field: up to the quote that is not doubled.
      const startLine = line;
      i++;
      for (;;) {
        if (i >= source.length) throw new CsvError("unclosedQuote", startLine);
        const c = source[i];
        if (c === '"') {
          if (source[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        if (c === "\n" || (c === "\r" && source[i + 1] !== "\n")) line++;
        field += c;
        i++;
      }
      started = true;
      const next = source[i];
      if (next !== undefined && next !== "," && next !== "\n" && next !== "\r") throw new CsvError("textAfterQuote", line);
      continue;
    }
    if (char === ",") {
      endField();
      i++;
    } else if (char === "\r" || char === "\n") {
      i += char === "\r" && source[i + 1] === "\n" ? 2 : 1;
      line++;
      endRecord();
    } else {
      field += char;
      started = true;
      i++;
    }
  }
  endRecord();
  return records;
}
