import { execFile } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getT } from "~/i18n";
import { type RunningApp, startApp, stopApp } from "../helpers/app";
import { query } from "../helpers/db";
import { type VerifiedSignature, insertVerifiedSignature } from "../helpers/signatures";
import { textOf } from "../helpers/http";
import { type Browser, signInAs } from "../helpers/session";
import { readZip, sha256 } from "../helpers/zip";
import { parseCsv as readCsv } from "~/utils/csv";
import { cliBundle } from "../helpers/cli";

// Issue 13 in the signature pack: each Easy Read letter in letter.pdf as its page shows it (pictures
// left, text right) with its SHA-256, counts by variant and of signatures someone helped to make,
// and who helped in signatures.csv, signatures.json and the PDF's table; the dashboard's figures.

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, "../..");

let app: RunningApp;
let staff: Browser;
let work: string;

const [cy, en] = [getT("cy"), getT("en")];

function cli(args: string[]) {
  return run(process.execPath, [cliBundle(), ...args], {
    cwd: root,
    env: { PATH: process.env.PATH, NODE_ENV: "production", DATA_DIR: app.dataDir, DATABASE_URL: app.databaseUrl, PUBLIC_URL: app.url, LOG_LEVEL: "warn" },
  });
}

/** A campaign from a file, as `campaign:create` takes it, open for signing. */
async function createFromFile(campaign: Record<string, unknown>) {
  const file = path.join(work, `${String(campaign.slug)}.json`);
  fs.writeFileSync(file, JSON.stringify(campaign));
  await cli(["campaign:create", "--file", file]);
}

/** Exports a campaign's pack with the command line and reads its files. */
async function exportPack(slug: string) {
  const zip = path.join(work, `${slug}.zip`);
  await cli(["pack:export", slug, "--out", zip]);
  return { zip, files: await readZip(zip) };
}

/** A campaign's stored letter texts, by "language variant". */
function storedTexts(slug: string) {
  const rows = query<{ language: string; variant: string; body: string; sha256: string }>(
    app,
    "select t.language, t.variant, t.body, t.sha256 from letter_texts t join letter_versions v on v.id = t.letter_version_id join campaigns c on c.id = v.campaign_id where c.slug = ?",
    slug,
  );
  return new Map(rows.map((r) => [`${r.language} ${r.variant}`, r]));
}

/** The CSV's rows as arrays of cells, read by the app's own RFC 4180 reader. */
const parseCsv = (text: string) => readCsv(text).map((record) => record.fields);

/** letter.pdf's text, its whitespace made single spaces (pdftotext breaks lines where the PDF does). */
async function pdfText(pdf: Buffer) {
  const file = path.join(work, `${crypto.randomUUID()}.pdf`);
  fs.writeFileSync(file, pdf);
  const { stdout } = await run("pdftotext", ["-enc", "UTF-8", file, "-"]);
  return stdout.replace(/\s+/g, " ");
}

/** The images `pdfimages -list` finds (their masks aside): the page each is drawn on, its size and its PDF object. */
async function pdfImages(pdf: Buffer) {
  const file = path.join(work, `${crypto.randomUUID()}.pdf`);
  fs.writeFileSync(file, pdf);
  const { stdout } = await run("pdfimages", ["-list", file]);
  return stdout
    .split("\n")
    .slice(2)
    .map((line) => line.trim().split(/\s+/))
    .filter((cells) => cells[2] === "image")
    .map((cells) => ({ page: Number(cells[0]), width: Number(cells[3]), height: Number(cells[4]), object: Number(cells[10]) }));
}

beforeAll(async () => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), "undersigned-pack-easy-read-"));
  app = await startApp();
  staff = await signInAs(app, "staff@example.org", "staff");
}, 60_000);
afterAll(async () => {
  await stopApp(app);
  fs.rmSync(work, { recursive: true, force: true });
});

describe("an English campaign with an Easy Read letter", { timeout: 90_000 }, () => {
  const slug = "easy-read-pack";
  const rows = [
    { text: "We want fair pay for care workers.", picture: "openmoji:1F91D", alt: "Two hands shaking" },
    { text: "Please write back to us.", picture: "openmoji:270D", alt: "A hand writing" },
    { text: "Care workers help us every day.", picture: "openmoji:1F91D", alt: "Two hands shaking" },
  ];
  const signers: VerifiedSignature[] = [
    { name: "Alys Standard", email: "alys@example.org", variant: "standard" },
    { name: "Bryn Helped", email: "bryn@example.org", variant: "standard", helper: { name: "Carys Friend", relation: "friend" } },
    { name: "Dewi Easy", email: "dewi@example.org", variant: "easy_read", helper: { name: "=Mair Jones", relation: "support_worker" } },
    { name: "Elin Easy", email: "elin@example.org", variant: "easy_read", helper: { name: 'Tom "Dad" Price, Jr', relation: "family" } },
    { name: "Ffion Alone", email: "ffion@example.org", variant: "easy_read" },
  ];
  const unconfirmed: VerifiedSignature = { name: "Not Yet Confirmed", email: "later@example.org", variant: "easy_read", helper: { name: "Nobody Counted", relation: "advocate" }, verifiedAt: null };
  let files: Map<string, Buffer>;
  let zip: string;
  let texts: ReturnType<typeof storedTexts>;

  beforeAll(async () => {
    await createFromFile({
      slug,
      title: "Fair pay for care",
      summary: "An open letter about care.",
      body: "Dear Minister,\n\nPlease pay care workers **fairly**.",
      language: "en",
      recipients: [{ name: "Jane Minister", title: "Minister for Care", role: "to" }],
      easyRead: { en: rows },
      status: "open",
    });
    for (const s of [...signers, unconfirmed]) insertVerifiedSignature(app, slug, s);
    texts = storedTexts(slug);
    ({ zip, files } = await exportPack(slug));
  }, 90_000);

  it("gives each signatory's letter variant and who helped them in signatures.csv and signatures.json, neutralising formulas", () => {
    const [header, ...lines] = parseCsv(files.get("signatures.csv")!.toString());
    expect(header.slice(-8, -4)).toEqual(["language", "letter_variant", "helper_name", "helper_relation"]);
    const column = (name: string) => header.indexOf(name);
    const byName = new Map(lines.map((r) => [r[column("name")], r]));
    expect(lines).toHaveLength(signers.length);
    expect(byName.has(unconfirmed.name)).toBe(false);
    const csvView = (name: string) => {
      const r = byName.get(name)!;
      return [r[column("letter_variant")], r[column("helper_name")], r[column("helper_relation")], r[column("letter_sha256")]];
    };
    expect(csvView("Alys Standard")).toEqual(["standard", "", "", texts.get("en standard")!.sha256]);
    expect(csvView("Bryn Helped")).toEqual(["standard", "Carys Friend", "friend", texts.get("en standard")!.sha256]);
    expect(csvView("Dewi Easy")).toEqual(["easy_read", "'=Mair Jones", "support_worker", texts.get("en easy_read")!.sha256]);
    expect(csvView("Elin Easy")).toEqual(["easy_read", 'Tom "Dad" Price, Jr', "family", texts.get("en easy_read")!.sha256]);
    expect(csvView("Ffion Alone")).toEqual(["easy_read", "", "", texts.get("en easy_read")!.sha256]);

    const json = JSON.parse(files.get("signatures.json")!.toString()) as Record<string, unknown>[];
    expect(Object.keys(json[0])).toEqual(header);
    expect(json.map(({ name, letter_variant, helper_name, helper_relation }) => ({ name, letter_variant, helper_name, helper_relation }))).toEqual(
      signers.map((s) => ({ name: s.name, letter_variant: s.variant, helper_name: s.helper?.name ?? null, helper_relation: s.helper?.relation ?? null })),
    );
  });

  it("counts signatures by variant and those made with help in the signed manifest, lists the Easy Read text, and pack:verify accepts it", async () => {
    const manifest = JSON.parse(files.get("manifest.json")!.toString());
    const [standard, easyRead] = [texts.get("en standard")!, texts.get("en easy_read")!];
    expect(easyRead.sha256).toBe(sha256(easyRead.body));
    expect(manifest.letterVersions).toEqual([
      { version: 1, language: "en", variant: "standard", sha256: standard.sha256 },
      { version: 1, language: "en", variant: "easy_read", sha256: easyRead.sha256 },
    ]);
    expect(manifest.counts).toEqual({
      signatures: 5,
      bySignerType: { individual: 5 },
      byLanguage: { en: 5 },
      byLetterVersion: [
        { version: 1, language: "en", variant: "standard", sha256: standard.sha256, signatures: 2 },
        { version: 1, language: "en", variant: "easy_read", sha256: easyRead.sha256, signatures: 3 },
      ],
      byVariant: { standard: 2, easy_read: 3 },
      assisted: 3,
      bySource: { online: 5, paper: 0, event: 0 },
      supportLetters: 0,
    });
    const { stdout } = await cli(["pack:verify", zip]);
    expect(stdout).toContain("The pack is intact");
    expect(stdout).toContain("Verified signatures: 5");
  });

  it("prints the Easy Read letter in letter.pdf after the standard one, with its SHA-256, the counts in words and who helped each signatory", async () => {
    const text = await pdfText(files.get("letter.pdf")!);
    const easyRead = texts.get("en easy_read")!;
    expect(text).toContain(`The letter in Easy Read, version 1 Language: English SHA-256 ${easyRead.sha256}`);
    for (const row of rows) expect(text).toContain(row.text);
    expect(text.indexOf("Please pay care workers fairly.")).toBeLessThan(text.indexOf(rows[0].text));
    expect(text.indexOf(rows[0].text)).toBeLessThan(text.indexOf(rows[1].text));
    expect(text.indexOf(rows[1].text)).toBeLessThan(text.indexOf(rows[2].text));
    // The alt text describes the picture for those who cannot see it; the picture itself is on the page.
    expect(text).not.toContain("Two hands shaking");
    // The cover, in words.
    expect(text).toContain("Signatures by letter: the standard letter 2, the Easy Read letter 3.");
    expect(text).toContain("3 signatories had help to sign: the list of signatories names who helped.");
    expect(text).toContain(`Letter version 1, Easy Read: 3 (SHA-256 ${easyRead.sha256})`);
    // The table: who helped, under the name of the one they helped.
    expect(text).toContain("Bryn Helped");
    expect(text).toContain("signed with help from Carys Friend (friend)");
    expect(text).toContain("signed with help from =Mair Jones (support worker)");
    expect(text).toContain('signed with help from Tom "Dad" Price, Jr (family member)');
    expect(text.indexOf("Dewi Easy")).toBeLessThan(text.indexOf("signed with help from =Mair Jones"));
    expect(text.indexOf("signed with help from =Mair Jones")).toBeLessThan(text.indexOf("Elin Easy"));
    expect(text.match(/signed with help from/g)).toHaveLength(3);
    expect(text).not.toContain("Nobody Counted");
  });

  it("draws each row's picture, each picture held once however many rows show it", async () => {
    const images = await pdfImages(files.get("letter.pdf")!);
    expect(images).toHaveLength(rows.length);
    expect(new Set(images.map((i) => i.object)).size).toBe(new Set(rows.map((r) => r.picture)).size);
    for (const image of images) expect(image.width).toBeGreaterThanOrEqual(300);
  });

  it("shows the team the signatures made with help and the counts by letter on the dashboard", async () => {
    const text = textOf(await (await staff(`/workspace/c/${slug}`)).text());
    expect(text).toMatch(/Signed with help ?3/);
    expect(text).toMatch(/By letter signed Standard letter ?: 2 Easy Read letter ?: 3/);
    expect(text).toMatch(/Version 1 ?, Easy Read ?: 3/);
  });
});

describe("a Welsh and English campaign with an Easy Read letter in each", { timeout: 90_000 }, () => {
  const slug = "pecyn-hawdd-ei-ddeall";
  const easyRead = {
    cy: [
      { text: "Rydyn ni eisiau cyflog teg i weithwyr gofal.", picture: "openmoji:1F91D", alt: "Dwy law yn ysgwyd" },
      { text: "Ysgrifennwch yn ôl atom ni.", picture: "openmoji:270D", alt: "Llaw yn ysgrifennu" },
    ],
    en: [
      { text: "We want fair pay for care workers.", picture: "openmoji:1F91D", alt: "Two hands shaking" },
      { text: "Please write back to us.", picture: "openmoji:270D", alt: "A hand writing" },
    ],
  };
  let files: Map<string, Buffer>;
  let texts: ReturnType<typeof storedTexts>;

  beforeAll(async () => {
    await createFromFile({
      slug,
      languages: ["cy", "en"],
      title: { cy: "Gofal teg", en: "Fair care" },
      summary: { cy: "Llythyr agored am ofal.", en: "An open letter about care." },
      body: { cy: "Annwyl Brif Weinidog,\n\nTalwch weithwyr gofal yn **deg**.", en: "Dear First Minister,\n\nPay care workers **fairly**." },
      recipients: [{ name: "Eluned Morgan", title: { cy: "Prif Weinidog Cymru", en: "First Minister of Wales" }, role: "to" }],
      easyRead,
      status: "open",
    });
    insertVerifiedSignature(app, slug, { name: "Non Hawdd", email: "non@example.org", language: "cy", variant: "easy_read", helper: { name: "Siôn Cymorth", relation: "support_worker" } });
    insertVerifiedSignature(app, slug, { name: "Harry Easy", email: "harry@example.org", language: "en", variant: "easy_read" });
    insertVerifiedSignature(app, slug, { name: "Gwen Safonol", email: "gwen@example.org", language: "cy", variant: "standard" });
    texts = storedTexts(slug);
    ({ files } = await exportPack(slug));
  }, 90_000);

  it("prints both languages' Easy Read letters, Welsh first, each with its SHA-256, and the table's helpers in Welsh", async () => {
    const text = await pdfText(files.get("letter.pdf")!);
    const heading = `${cy("pack.pdf.easyReadVersion", { number: 1 })} / ${en("pack.pdf.easyReadVersion", { number: 1 })}`;
    expect(heading).toBe("Y llythyr Hawdd ei Ddeall, fersiwn 1 / The letter in Easy Read, version 1");
    expect(text.split(heading)).toHaveLength(3);
    const language = `${cy("pack.pdf.textLanguage")} / ${en("pack.pdf.textLanguage")}`;
    expect(text).toContain(`${heading} ${language}: Cymraeg SHA-256 ${texts.get("cy easy_read")!.sha256}`);
    expect(text).toContain(`${heading} ${language}: English SHA-256 ${texts.get("en easy_read")!.sha256}`);
    for (const row of [...easyRead.cy, ...easyRead.en]) expect(text).toContain(row.text);
    expect(text.indexOf(easyRead.cy[0].text)).toBeLessThan(text.indexOf(easyRead.en[0].text));
    // Both standard texts come before either Easy Read one.
    expect(text.indexOf("Pay care workers fairly.")).toBeLessThan(text.indexOf(easyRead.cy[0].text));
    // The cover in Welsh, with English beneath.
    expect(text).toContain(`${cy("pack.pdf.byVariant", { standard: 1, easyRead: 2 })} ${en("pack.pdf.byVariant", { standard: 1, easyRead: 2 })}`);
    expect(text).toContain(`${cy("pack.pdf.assisted", { count: 1 })} ${en("pack.pdf.assisted", { count: 1 })}`);
    // The table's cells are in the primary language.
    expect(text).toContain("llofnodwyd gyda help gan Siôn Cymorth (gweithiwr cymorth)");

    const images = await pdfImages(files.get("letter.pdf")!);
    expect(images).toHaveLength(4);
    expect(new Set(images.map((i) => i.object)).size).toBe(2);

    const manifest = JSON.parse(files.get("manifest.json")!.toString());
    expect(manifest.letterVersions.map((v: { language: string; variant: string }) => `${v.language} ${v.variant}`)).toEqual([
      "cy standard",
      "en standard",
      "cy easy_read",
      "en easy_read",
    ]);
    expect(manifest.counts).toMatchObject({ byLanguage: { cy: 2, en: 1 }, byVariant: { standard: 1, easy_read: 2 }, assisted: 1 });
  });
});
