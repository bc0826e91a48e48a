import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "undersigned-uploads-"));
process.env.DATA_DIR = dataDir;
const { readFormWithPdf } = await import("./uploads.server");
const uploadsDir = path.join(dataDir, "uploads");

/** A multipart request whose body breaks off after the start of the file, as a browser that goes away. */
function cutOffRequest(fileBytes: Buffer) {
  const head = Buffer.from('--b\r\nContent-Disposition: form-data; name="pdf"; filename="a.pdf"\r\nContent-Type: application/pdf\r\n\r\n');
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(new Uint8Array(Buffer.concat([head, fileBytes])));
    },
    pull(controller) {
      controller.error(new Error("aborted"));
    },
  });
  return new Request("http://localhost/upload", { method: "POST", headers: { "content-type": "multipart/form-data; boundary=b" }, body, duplex: "half" } as RequestInit);
}

describe("a PDF upload cut off half-way", () => {
  it("leaves nothing in the uploads folder once the form is refused, however early it broke", async () => {
    for (let attempt = 0; attempt < 200; attempt += 1) {
      await expect(readFormWithPdf(cutOffRequest(Buffer.from("%PDF-1.4 and then nothing")), "pdf")).rejects.toBeInstanceOf(Response);
      expect(fs.existsSync(uploadsDir) ? fs.readdirSync(uploadsDir) : []).toEqual([]);
    }
  });
});
