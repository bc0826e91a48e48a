import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import { Resvg } from "@resvg/resvg-js";
import PDFDocument from "pdfkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getT } from "~/i18n";
import { type RunningApp, startApp, stopApp } from "../helpers/app";
import { execute, query } from "../helpers/db";
import { campaignIdOf } from "../helpers/delivery";
import { pdfFile } from "../helpers/pdf";

// Easy Read pictures: the OpenMoji library's search and files, and a campaign's own uploads,
// checked by their bytes (never by name or Content-Type), stored under their SHA-256 and served
// as images only. The services run in this process against the app's database and folder; the
// app serves what they stored.

type Pictures = typeof import("~/services/pictures.server");

let app: RunningApp;
let pictures: Pictures;
let destroyDb: () => Promise<void>;
let userId = 0;
let campaignId = 0;
let otherCampaignId = 0;
const t = getT();

beforeAll(async () => {
  app = await startApp();
  process.env.DATA_DIR = app.dataDir;
  process.env.DATABASE_URL = app.databaseUrl;
  process.env.PUBLIC_URL = app.url;
  process.env.LOG_LEVEL = "silent";
  pictures = await import("~/services/pictures.server");
  const { db } = await import("~/utils/db.server");
  destroyDb = () => db.destroy();
  userId = Number(
    execute(app, "insert into users (email, name, role, created_at) values ('pictures@example.org', 'Pat', 'campaigner', ?)", new Date().toISOString()).lastInsertRowid,
  );
  campaignId = campaignIdOf(app, "fair-care-now");
  otherCampaignId = campaignIdOf(app, "old-letter");
});
afterAll(async () => {
  await destroyDb?.();
  await stopApp(app);
});

// --- Fixtures, made here -------------------------------------------------------------------------

const sha256 = (data: Buffer) => crypto.createHash("sha256").update(data).digest("hex");

/** A real PNG, drawn by resvg. */
const pngOf = (svg: string) => Buffer.from(new Resvg(svg).render().asPng());
const redSquare = () => pngOf('<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8"><rect width="8" height="8" fill="#d4351c"/></svg>');
const greenSquare = () => pngOf('<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8"><rect width="8" height="8" fill="#00703c"/></svg>');

/** A real 16×12 JPEG (Chromium's encoder: JFIF, an ICC profile, baseline). */
const JPEG = Buffer.from(
  "/9j/4AAQSkZJRgABAQAAAQABAAD/4gHYSUNDX1BST0ZJTEUAAQEAAAHIAAAAAAQwAABtbnRyUkdCIFhZWiAH4AABAAEAAAAAAABhY3NwAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAQAA9tYAAQAAAADTLQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAlkZXNjAAAA8AAAACRyWFlaAAABFAAAABRnWFlaAAABKAAAABRiWFlaAAABPAAAABR3dHB0AAABUAAAABRyVFJDAAABZAAAAChnVFJDAAABZAAAAChiVFJDAAABZAAAAChjcHJ0AAABjAAAADxtbHVjAAAAAAAAAAEAAAAMZW5VUwAAAAgAAAAcAHMAUgBHAEJYWVogAAAAAAAAb6IAADj1AAADkFhZWiAAAAAAAABimQAAt4UAABjaWFlaIAAAAAAAACSgAAAPhAAAts9YWVogAAAAAAAA9tYAAQAAAADTLXBhcmEAAAAAAAQAAAACZmYAAPKnAAANWQAAE9AAAApbAAAAAAAAAABtbHVjAAAAAAAAAAEAAAAMZW5VUwAAACAAAAAcAEcAbwBvAGcAbABlACAASQBuAGMALgAgADIAMAAxADb/2wBDABALDA4MChAODQ4SERATGCgaGBYWGDEjJR0oOjM9PDkzODdASFxOQERXRTc4UG1RV19iZ2hnPk1xeXBkeFxlZ2P/2wBDARESEhgVGC8aGi9jQjhCY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2P/wAARCAAMABADASIAAhEBAxEB/8QAFgABAQEAAAAAAAAAAAAAAAAAAAEE/8QAHxAAAAUEAwAAAAAAAAAAAAAAAQIDERIABBNhBTFB/8QAFAEBAAAAAAAAAAAAAAAAAAAABP/EAB4RAAEDBAMAAAAAAAAAAAAAABIAEyIDBBRRIYHR/9oADAMBAAIRAxEAPwC8RYJX2bKY4QZoiHr61Tl7BKxw4jHGbvIQ8bW6wpLKoviVOR+4mEHoqsqs2VU526kYRaksXGU4cNde8oB02hGW1//Z",
  "base64",
);

/** A PNG chunk, with its CRC. */
function pngChunk(type: string, body: Buffer) {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(body.length, 0);
  head.write(type, 4, "latin1");
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(zlib.crc32(Buffer.concat([head.subarray(4), body])), 0);
  return Buffer.concat([head, body, crc]);
}

/** A JPEG segment: marker and body. */
function jpegSegment(marker: number, body: Buffer) {
  const head = Buffer.from([0xff, marker, 0, 0]);
  head.writeUInt16BE(body.length + 2, 2);
  return Buffer.concat([head, body]);
}

/** An EXIF block (big-endian TIFF) with an orientation and a GPS-ish string a camera might leave. */
function exifSegment(orientation: number) {
  const gps = Buffer.from("GPS 51.4816N 3.1791W\0", "latin1");
  const tiff = Buffer.alloc(8 + 2 + 24 + 4);
  tiff.write("MM", 0, "latin1");
  tiff.writeUInt16BE(42, 2);
  tiff.writeUInt32BE(8, 4);
  tiff.writeUInt16BE(2, 8);
  // ImageDescription (ASCII), pointing past the directory; then Orientation.
  tiff.writeUInt16BE(0x010e, 10);
  tiff.writeUInt16BE(2, 12);
  tiff.writeUInt32BE(gps.length, 14);
  tiff.writeUInt32BE(tiff.length, 18);
  tiff.writeUInt16BE(0x0112, 22);
  tiff.writeUInt16BE(3, 24);
  tiff.writeUInt32BE(1, 26);
  tiff.writeUInt16BE(orientation, 30);
  return jpegSegment(0xe1, Buffer.concat([Buffer.from("Exif\0\0", "latin1"), tiff, gps]));
}

/** Sends `bytes` as a form's picture field, named and typed as a browser would say, with a text field beside it. */
async function upload(bytes: Buffer, { filename = "picture.png", type = "image/png" } = {}) {
  const body = new FormData();
  body.append("title", "A row");
  body.append("picture", new Blob([new Uint8Array(bytes)], { type }), filename);
  const { formData, picture } = await pictures.readFormWithPicture(new Request("http://localhost/upload", { method: "POST", body }), "picture");
  expect(formData.get("title")).toBe("A row");
  return picture;
}

async function served(url: string) {
  const response = await fetch(`${app.url}${url}`);
  return { response, body: Buffer.from(await response.arrayBuffer()) };
}

function expectImageHeaders(response: Response, contentType: string) {
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toBe(contentType);
  expect(response.headers.get("x-content-type-options")).toContain("nosniff");
  expect(response.headers.get("content-security-policy")).toBe("default-src 'none'; style-src 'unsafe-inline'; sandbox");
  expect(response.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
}

const pngSize = (png: Buffer) => ({ width: png.readUInt32BE(16), height: png.readUInt32BE(20) });
const pngChunkTypes = (png: Buffer) => {
  const types: string[] = [];
  for (let pos = 8; pos < png.length; pos += 12 + png.readUInt32BE(pos)) types.push(png.toString("latin1", pos + 4, pos + 8));
  return types;
};

async function refusedWith(bytes: Buffer, key: string, options?: { filename?: string; type?: string }) {
  const picture = await upload(bytes, options);
  expect(picture.status).not.toBe("ok");
  expect(pictures.pictureUploadProblem(picture)).toBe(key);
  let thrown: unknown;
  try {
    pictures.acceptedPicture(picture);
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toMatchObject({ name: "DomainError", key, status: 400 });
  return picture;
}

const rowsOfPictures = () => query<{ sha256: string; campaign_id: number }>(app, "select sha256, campaign_id from pictures order by id");

// --- The library ---------------------------------------------------------------------------------

describe("the OpenMoji library", () => {
  it("finds pictures by word, the handshake for “hand”, and nothing for nothing", () => {
    const found = pictures.searchPictures({ query: "hand" });
    expect(found.length).toBe(24);
    expect(found).toContainEqual({ ref: "openmoji:1F91D", label: "handshake", url: "/pictures/openmoji-1F91D.svg" });
    expect(pictures.searchPictures({ query: "Handshake" })[0]).toEqual({ ref: "openmoji:1F91D", label: "handshake", url: "/pictures/openmoji-1F91D.svg" });
    expect(pictures.searchPictures({ query: "thumbs up" })[0].label).toBe("thumbs up");
    // Every word must fit; prefixes do.
    expect(pictures.searchPictures({ query: "hou" }).map((c) => c.label)).toContain("house");
    expect(pictures.searchPictures({ query: "hand", limit: 5 })).toHaveLength(5);
    expect(pictures.searchPictures({ query: "" })).toEqual([]);
    expect(pictures.searchPictures({ query: "  -- " })).toEqual([]);
    expect(pictures.searchPictures({ query: "zzzqqq" })).toEqual([]);
    // No skin-tone variants (1F3FB–1F3FF) and no brands' logos; the person before the man and the woman.
    const all = pictures.searchPictures({ query: "hand", limit: 1000 });
    expect(all.filter((c) => /-1F3F[B-F]/.test(c.ref))).toEqual([]);
    expect(pictures.searchPictures({ query: "github", limit: 100 })).toEqual([]);
    const raising = pictures.searchPictures({ query: "raising hand" }).map((c) => c.label);
    expect(raising.indexOf("person raising hand")).toBeLessThan(raising.indexOf("woman raising hand"));
    // Flags come after pictures of things.
    const wales = pictures.searchPictures({ query: "wales" });
    expect(wales.map((c) => c.label)).toContain("flag: Wales");
  });

  it("names, addresses and credits its pictures", () => {
    expect(pictures.pictureLabel("openmoji:1F91D")).toBe("handshake");
    expect(pictures.pictureLabel("openmoji:FFFFF")).toBeUndefined();
    expect(pictures.pictureLabel(`upload:${"a".repeat(64)}`)).toBeUndefined();
    expect(pictures.pictureUrl("openmoji:1F91D")).toBe("/pictures/openmoji-1F91D.svg");
    expect(pictures.pictureUrl(`upload:${"b".repeat(64)}`)).toBe(`/pictures/${"b".repeat(64)}`);
    expect(() => pictures.pictureUrl("../etc/passwd")).toThrow();
    expect(pictures.usesOpenMoji([`upload:${"a".repeat(64)}`, "openmoji:1F91D"])).toBe(true);
    expect(pictures.usesOpenMoji([`upload:${"a".repeat(64)}`])).toBe(false);
    expect(pictures.OPENMOJI_ATTRIBUTION.license).toBe("CC BY-SA 4.0");
  });

  it("serves a library picture as the package has it, as an inert image", async () => {
    const { response, body } = await served("/pictures/openmoji-1F91D.svg");
    expectImageHeaders(response, "image/svg+xml");
    expect(body.equals(fs.readFileSync(path.resolve("node_modules/openmoji/color/svg/1F91D.svg")))).toBe(true);
    // In Welsh pages' address space too, and a flag made of many code points.
    expect((await served("/cy/pictures/openmoji-1F91D.svg")).response.status).toBe(200);
    expect((await served("/pictures/openmoji-1F3F4-E0067-E0062-E0077-E006C-E0073-E007F.svg")).response.status).toBe(200);
  });

  it("draws a library picture as a PNG for a PDF, at the width asked", async () => {
    const image = await pictures.pictureImage("openmoji:1F91D");
    expect(image.type).toBe("png");
    expect(pngSize(image.data)).toEqual({ width: 256, height: 256 });
    expect(pngSize((await pictures.pictureImage("openmoji:1F91D", 64)).data).width).toBe(64);
    // Drawn once, then kept.
    expect(await pictures.pictureImage("openmoji:1F91D")).toEqual(image);
    await expect(pictures.pictureImage("openmoji:FFFFF")).rejects.toMatchObject({ status: 404 });
    await expect(pictures.pictureImage(`upload:${"c".repeat(64)}`)).rejects.toMatchObject({ status: 404 });
  });
});

// --- Uploads -------------------------------------------------------------------------------------

describe("a campaign's own pictures", () => {
  it("keeps a PNG and a JPEG as sent and serves their exact bytes as inert images", async () => {
    for (const [bytes, type, contentType, size] of [
      [redSquare(), "png", "image/png", { width: 8, height: 8 }],
      [JPEG, "jpeg", "image/jpeg", { width: 16, height: 12 }],
    ] as const) {
      // The browser's name and type say nothing: a PNG called .jpg is a PNG.
      const picture = await upload(bytes, { filename: "photo.jpg", type: "application/octet-stream" });
      expect(picture).toMatchObject({ status: "ok", type, ...size, sha256: sha256(bytes) });
      const { ref } = await pictures.storePicture({ campaignId, userId, picture: pictures.acceptedPicture(picture) });
      expect(ref).toBe(`upload:${sha256(bytes)}`);
      const { response, body } = await served(pictures.pictureUrl(ref));
      expectImageHeaders(response, contentType);
      expect(body.equals(bytes)).toBe(true);
      expect(query(app, "select campaign_id, file, content_type, width, height, bytes, uploaded_by from pictures where sha256 = ?", sha256(bytes))).toEqual([
        { campaign_id: campaignId, file: `${sha256(bytes)}.${type === "png" ? "png" : "jpg"}`, content_type: contentType, ...size, bytes: bytes.length, uploaded_by: userId },
      ]);
      // For a PDF, as stored; pdfkit draws it.
      const image = await pictures.pictureImage(ref);
      expect(image).toEqual({ data: bytes, type });
      const doc = new PDFDocument();
      expect(() => doc.image(image.data, { width: 50 })).not.toThrow();
      doc.end();
    }
    expect(await pictures.unknownPictures({ campaignId, refs: [`upload:${sha256(JPEG)}`, `upload:${sha256(redSquare())}`] })).toEqual([]);
  });

  it("gives the same bytes the same ref, and one row", async () => {
    const bytes = greenSquare();
    const first = await pictures.storePicture({ campaignId, userId, picture: pictures.acceptedPicture(await upload(bytes)) });
    const second = await pictures.storePicture({ campaignId, userId, picture: pictures.acceptedPicture(await upload(bytes, { filename: "again.png" })) });
    expect(second).toEqual(first);
    expect(rowsOfPictures().filter((row) => row.sha256 === sha256(bytes))).toHaveLength(1);
    expect(fs.readdirSync(path.join(app.dataDir, "uploads")).filter((name) => name.startsWith(sha256(bytes)))).toEqual([`${sha256(bytes)}.png`]);
  });

  it("draws an SVG as a PNG and keeps only that: its script and handlers are gone", async () => {
    const svg = Buffer.from(
      `<?xml version="1.0" encoding="UTF-8"?>
      <!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">
      <svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 100 50" onload="alert(document.cookie)">
        <script>alert("svg")</script>
        <defs><linearGradient id="g"><stop offset="0" stop-color="#1d70b8"/><stop offset="1" stop-color="#ffdd00"/></linearGradient><circle id="c" r="20"/></defs>
        <rect width="100" height="50" fill="url(#g)"/><use xlink:href="#c" x="50" y="25" fill="#d4351c" onclick="alert(1)"/>
      </svg>`,
    );
    const picture = await upload(svg, { filename: "logo.svg", type: "image/svg+xml" });
    expect(picture).toMatchObject({ status: "ok", type: "png", from: "svg", width: 512, height: 256 });
    const { ref } = await pictures.storePicture({ campaignId, userId, picture: pictures.acceptedPicture(picture) });
    const { response, body } = await served(pictures.pictureUrl(ref));
    expectImageHeaders(response, "image/png");
    expect(body.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toBe(true);
    expect(body.toString("latin1")).not.toMatch(/<script|onload|alert/i);
    expect(pngSize(body)).toEqual({ width: 512, height: 256 });
    expect(query(app, "select content_type, file from pictures where sha256 = ?", ref.slice("upload:".length))).toEqual([{ content_type: "image/png", file: `${ref.slice("upload:".length)}.png` }]);
    expect(fs.readdirSync(path.join(app.dataDir, "uploads")).filter((name) => !/^[0-9a-f]{64}\.(png|jpg)$/.test(name))).toEqual([]);
  });

  it("refuses what is not a picture, whatever it is called, with a message saying so", async () => {
    expect(t("pictureErrors.notAPicture")).toBe("The file must be a PNG, JPEG or SVG picture");
    const html = Buffer.from("<!doctype html><html><body><script>alert(1)</script></body></html>");
    await refusedWith(html, "pictureErrors.notAPicture", { filename: "picture.png", type: "image/png" });
    await refusedWith(pdfFile("Not a picture"), "pictureErrors.notAPicture", { filename: "x.jpg", type: "image/jpeg" });
    // A PNG's first bytes followed by junk, with no IEND; a PNG cut short; a JPEG cut short.
    await refusedWith(Buffer.concat([redSquare().subarray(0, 33), crypto.randomBytes(200)]), "pictureErrors.notAPicture");
    await refusedWith(redSquare().subarray(0, redSquare().length - 12), "pictureErrors.notAPicture");
    await refusedWith(JPEG.subarray(0, JPEG.length - 40), "pictureErrors.notAPicture", { filename: "x.jpg", type: "image/jpeg" });
    // Whole structure, right CRCs, pixels that do not decode.
    const png = redSquare();
    const idatAt = png.indexOf("IDAT", 0, "latin1") - 4;
    const brokenIdat = pngChunk("IDAT", crypto.randomBytes(png.readUInt32BE(idatAt)));
    await refusedWith(Buffer.concat([png.subarray(0, idatAt), brokenIdat, png.subarray(idatAt + 12 + png.readUInt32BE(idatAt))]), "pictureErrors.notAPicture");
    // An SVG that is not XML, an XML file that is not SVG, an SVG declaring entities, an SVG that draws nothing.
    await refusedWith(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><rect width="5"'), "pictureErrors.notAPicture", { filename: "x.svg" });
    await refusedWith(Buffer.from('<?xml version="1.0"?><note><svg/></note>'), "pictureErrors.notAPicture", { filename: "x.svg" });
    await refusedWith(
      Buffer.from('<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]><svg xmlns="http://www.w3.org/2000/svg" width="9" height="9"><rect width="9" height="9"/></svg>'),
      "pictureErrors.notAPicture",
    );
    await refusedWith(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="9" height="9"></svg>'), "pictureErrors.notAPicture");
    await refusedWith(Buffer.alloc(0), "pictureErrors.notAPicture");
    expect(rowsOfPictures().length).toBe(4); // what the tests before this one stored, and nothing more
  });

  it("refuses an SVG that links outside itself or holds text", async () => {
    const linking = [
      `<image href="file:///etc/hostname" width="9" height="9"/>`,
      `<image xlink:href="${path.resolve("node_modules/openmoji/color/svg/1F91D.svg")}" width="9" height="9"/>`,
      `<image href="node_modules/openmoji/color/svg/1F91D.svg" width="9" height="9"/>`,
      `<image href="data:image/png;base64,${redSquare().toString("base64")}" width="9" height="9"/>`,
      `<rect width="9" height="9" fill="url(http://example.com/x.svg#g)"/>`,
      `<style>@import url(http://example.com/a.css);</style><rect width="9" height="9"/>`,
      `<use href="other.svg#shape"/><rect width="9" height="9"/>`,
    ];
    for (const inside of linking) {
      const svg = `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="9" height="9">${inside}</svg>`;
      await refusedWith(Buffer.from(svg), "pictureErrors.svgExternal", { filename: "x.svg" });
    }
    await refusedWith(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="90" height="30"><text x="5" y="20">Vote</text></svg>'), "pictureErrors.svgText");
  });

  it("refuses a file over 2 MB and a picture over 4,096 pixels, and says there is none when none was chosen", async () => {
    const big = Buffer.concat([redSquare(), Buffer.alloc(2 * 1024 * 1024 + 1 - redSquare().length)]);
    expect(big.length).toBe(2 * 1024 * 1024 + 1);
    await refusedWith(big, "pictureErrors.tooLarge");
    expect(t("pictureErrors.tooLarge")).toBe("The picture must be 2 MB or smaller");
    await refusedWith(pngOf('<svg xmlns="http://www.w3.org/2000/svg" width="5000" height="2"><rect width="5000" height="2"/></svg>'), "pictureErrors.tooBig");
    // A JPEG whose frame header says 5000 × 12.
    const wide = Buffer.from(JPEG);
    const sof = wide.indexOf(Buffer.from([0xff, 0xc0]));
    wide.writeUInt16BE(5000, sof + 7);
    await refusedWith(wide, "pictureErrors.tooBig", { filename: "x.jpg", type: "image/jpeg" });
    // No file chosen: the browser sends an empty part with no name.
    await refusedWith(Buffer.alloc(0), "pictureErrors.none", { filename: "", type: "application/octet-stream" });
    // A form without a file at all.
    const plain = await pictures.readFormWithPicture(
      new Request("http://localhost/upload", { method: "POST", body: new URLSearchParams({ title: "Only text" }) }),
      "picture",
    );
    expect(plain.picture).toEqual({ status: "none" });
    expect(plain.formData.get("title")).toBe("Only text");
  });

  it("drops the metadata a camera or an editor leaves, but keeps a photo's orientation", async () => {
    // JPEG: an EXIF block with a place in it and a comment go; orientation 6 (a quarter turn) stays, alone.
    const afterApp0 = 2 + 2 + JPEG.readUInt16BE(4);
    const withExif = Buffer.concat([JPEG.subarray(0, afterApp0), exifSegment(6), jpegSegment(0xfe, Buffer.from("Taken at 10 Downing St")), JPEG.subarray(afterApp0)]);
    const jpeg = await upload(withExif, { filename: "photo.jpg", type: "image/jpeg" });
    if (jpeg.status !== "ok") throw new Error(`refused: ${jpeg.status}`);
    expect(jpeg.data.toString("latin1")).not.toMatch(/GPS|Downing/);
    expect(jpeg.data.toString("latin1")).toContain("Exif\0\0");
    expect(jpeg).toMatchObject({ width: 12, height: 16 });
    expect(jpeg.data.subarray(afterApp0 + 4 + 6 + 18, afterApp0 + 4 + 6 + 20).readUInt16BE(0)).toBe(6);
    // pdfkit reads it, and turns the photo as a browser does.
    const opened = (new PDFDocument() as unknown as { openImage: (data: Buffer) => { orientation: number } }).openImage(jpeg.data);
    expect(opened.orientation).toBe(6);
    // PNG: a text chunk goes, and nothing else changes.
    const png = redSquare();
    const withText = Buffer.concat([png.subarray(0, 33), pngChunk("tEXt", Buffer.from("Author\0Pat, at home in Cardiff", "latin1")), png.subarray(33)]);
    const cleaned = await upload(withText);
    if (cleaned.status !== "ok") throw new Error(`refused: ${cleaned.status}`);
    expect(pngChunkTypes(cleaned.data)).not.toContain("tEXt");
    expect(cleaned.data.equals(png)).toBe(true);
  });

  it("knows which refs a campaign may use: the library's and its own uploads, not another campaign's", async () => {
    const ours = `upload:${sha256(redSquare())}`;
    const nobodys = `upload:${"d".repeat(64)}`;
    const refs = ["openmoji:1F91D", "openmoji:FFFFF", "openmoji:1F91D-1F91D", ours, nobodys, "nonsense", "openmoji:1F91D"];
    expect(await pictures.unknownPictures({ campaignId, refs })).toEqual(["openmoji:FFFFF", "openmoji:1F91D-1F91D", nobodys, "nonsense"]);
    expect(await pictures.unknownPictures({ campaignId: otherCampaignId, refs })).toEqual(["openmoji:FFFFF", "openmoji:1F91D-1F91D", ours, nobodys, "nonsense"]);
    expect(await pictures.unknownPictures({ campaignId, refs: [] })).toEqual([]);
    // The other campaign's own upload is its own.
    const blue = pngOf('<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"><rect width="4" height="4" fill="#1d70b8"/></svg>');
    const { ref } = await pictures.storePicture({ campaignId: otherCampaignId, userId, picture: pictures.acceptedPicture(await upload(blue)) });
    expect(await pictures.unknownPictures({ campaignId: otherCampaignId, refs: [ref, ours] })).toEqual([ours]);
    expect(await pictures.unknownPictures({ campaignId, refs: [ref] })).toEqual([ref]);
    // The same bytes as another campaign's: each campaign has its own row, and the ref is now this campaign's too.
    expect(await pictures.storePicture({ campaignId, userId, picture: pictures.acceptedPicture(await upload(blue)) })).toEqual({ ref });
    expect(await pictures.unknownPictures({ campaignId, refs: [ref] })).toEqual([]);
    expect(query(app, "select count(*) as n from pictures where sha256 = ?", ref.slice("upload:".length))).toEqual([{ n: 2 }]);
  });

  it("lists a campaign's uploads, newest first", async () => {
    const listed = await pictures.listCampaignPictures({ campaignId });
    const rows = query<{ sha256: string }>(app, "select sha256 from pictures where campaign_id = ? order by created_at desc, id desc", campaignId);
    expect(listed.map((choice) => choice.ref)).toEqual(rows.map((row) => `upload:${row.sha256}`));
    expect(listed[0]).toMatchObject({ label: "", url: `/pictures/${rows[0].sha256}` });
    expect(await pictures.listCampaignPictures({ campaignId: otherCampaignId })).toHaveLength(1);
  });

  it("answers 404 to any other name, and never reads a path from one", async () => {
    const stored = rowsOfPictures()[0].sha256;
    // A file in the uploads folder that no row names is not served either.
    const stray = "e".repeat(64);
    fs.writeFileSync(path.join(app.dataDir, "uploads", `${stray}.png`), redSquare());
    fs.writeFileSync(path.join(app.dataDir, "uploads", "notes.txt"), "private");
    const names = [
      `${stored}.png`,
      `${stored}.jpg`,
      stored.toUpperCase(),
      stray,
      "openmoji-FFFFF.svg",
      "openmoji-1f91d.svg",
      "openmoji-1F91D.png",
      "openmoji-1F91D",
      "notes.txt",
      "..%2F..%2Fpackage.json",
      "%2E%2E%2F%2E%2E%2Fpackage.json",
      "openmoji-..%2F..%2F..%2Fpackage.json",
      "openmoji-1F91D.svg%2F..%2F..%2F..%2Fpackage.json",
      `..%2Fuploads%2F${stray}.png`,
      "openmoji-1F91D.svg%00",
      "%2Fetc%2Fpasswd",
    ];
    for (const name of names) {
      const response = await fetch(`${app.url}/pictures/${name}`);
      expect(response.status, name).toBe(404);
      expect(response.headers.get("content-type"), name).not.toMatch(/^image\//);
    }
    expect((await fetch(`${app.url}/xx/pictures/openmoji-1F91D.svg`)).status).toBe(404);
  });
});
