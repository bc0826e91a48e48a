import { Transform } from "node:stream";

/**
 * The stream a page's HTML goes out through. React 18.3's renderToPipeableStream, when a character
 * does not fit at the end of its 2,048-byte buffer, sends the whole buffer, unused bytes (zeros)
 * included (facebook/react#26228, fixed only in React 19). A "→", a "–" or a Welsh "ŵ" at that
 * boundary came out as NUL NUL "→". HTML never holds a NUL, so up to three zeros at a chunk's end
 * (a character is at most four bytes) are dropped.
 */
export function htmlStream() {
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      let end = chunk.length;
      while (end > 0 && chunk.length - end < 3 && chunk[end - 1] === 0) end -= 1;
      done(null, end === chunk.length ? chunk : chunk.subarray(0, end));
    },
  });
}
