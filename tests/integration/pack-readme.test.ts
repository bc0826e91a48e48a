import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningApp, startApp, stopApp } from "../helpers/app";
import { CLI_TIMEOUT, cli, createCampaignFromFile } from "../helpers/cli";
import { insertRows, query } from "../helpers/db";
import { readZip } from "../helpers/zip";

// Issue 19, point 3: README.txt in every pack, for whoever opens it: what each file in the ZIP is,
// how many signed, three ways to check it, and the site key's fingerprint as published; listed in
// the signed manifest. A campaign with Welsh among its languages also gets README.cy.txt.

let app: RunningApp;
const english = "fair-care-now";
const bilingual = "gofal-teg-readme";

/** Verified signatures, straight into the database, bound to the campaign's letter text in `language`. */
function addSignatures(slug: string, language: string, names: string[]) {
  const [text] = query<{ id: number; letter_version_id: number; sha256: string; campaign_id: number }>(
    app,
    `select t.id, t.letter_version_id, t.sha256, v.campaign_id from letter_texts t join letter_versions v on v.id = t.letter_version_id
     join campaigns c on c.id = v.campaign_id where c.slug = ? and t.language = ? and t.variant = 'standard'`,
    slug,
    language,
  );
  const at = new Date().toISOString();
  insertRows(
    app,
    "signatures",
    names.map((name, i) => ({
      campaign_id: text!.campaign_id,
      letter_version_id: text!.letter_version_id,
      letter_text_id: text!.id,
      letter_sha256: text!.sha256,
      name,
      email: `readme-${language}-${i}@example.org`,
      signer_type: "individual",
      location: "Cardiff",
      show_name: 1,
      wants_updates: 0,
      language,
      created_at: at,
      verified_at: at,
    })),
  );
}

async function exportPack(slug: string) {
  const zip = path.join(app.dataDir, `${slug}-copy.zip`);
  const exported = await cli(app, ["pack:export", slug, "--out", zip]);
  expect(exported.code, exported.stderr).toBe(0);
  return { zip, files: await readZip(zip) };
}

const text = (files: Map<string, Buffer>, name: string) => files.get(name)!.toString("utf8");
const lines = (readme: string) => readme.split("\r\n");

beforeAll(async () => {
  app = await startApp();
  addSignatures(english, "en", ["Ann Jones", "Bryn Hughes", "Ceri Evans"]);
  const campaignId = query<{ id: number }>(app, "select id from campaigns where slug = ?", english)[0].id;
  const at = new Date().toISOString();
  insertRows(app, "support_letters", [
    { campaign_id: campaignId, author_name: "Prof. Eluned Rhys", email: "eluned@uni.example", country: "GB", body: "Care work is skilled work.", consent_at: at, status: "approved", created_at: at, updated_at: at },
  ]);
  const created = await createCampaignFromFile(app, {
    slug: bilingual,
    languages: ["cy", "en"],
    title: { cy: "Gofal teg nawr", en: "Fair care now, in both" },
    summary: { cy: "Llythyr agored am ofal.", en: "An open letter about care." },
    body: { cy: "Annwyl Brif Weinidog,\n\nGofal teg.", en: "Dear First Minister,\n\nFair care." },
    recipients: [{ name: "Eluned Morgan", title: { cy: "Prif Weinidog Cymru", en: "First Minister of Wales" }, role: "to" }],
    status: "open",
  });
  expect(created.code, created.stderr).toBe(0);
  addSignatures(bilingual, "cy", ["Gwen Tomos"]);
  addSignatures(bilingual, "en", ["Dai Evans"]);
}, CLI_TIMEOUT);

afterAll(() => stopApp(app));

describe("README.txt in the pack", { timeout: CLI_TIMEOUT }, () => {
  it("names every file the ZIP holds, says how many signed and how to check it, carries the published key's fingerprint, and is covered by the signed manifest", async () => {
    const { zip, files } = await exportPack(english);
    expect(files.has("README.txt")).toBe(true);
    expect(files.has("README.cy.txt")).toBe(false);
    const manifest = JSON.parse(text(files, "manifest.json")) as { files: { path: string; sha256: string }[] };
    const listed = manifest.files.find((f) => f.path === "README.txt");
    expect(listed?.sha256).toBe(crypto.createHash("sha256").update(files.get("README.txt")!).digest("hex"));

    const readme = text(files, "README.txt");
    const readmeLines = lines(readme);
    // Every entry of the ZIP, on a line of its own, and nothing named that the ZIP does not hold.
    const entries = [...files.keys()];
    expect(entries.some((entry) => /^support-letters\/\d+-prof-eluned-rhys\.md$/.test(entry))).toBe(true);
    for (const entry of entries) expect(readmeLines, entry).toContain(entry);
    const named = readmeLines.filter((line) => /^[\w./-]+\.(pdf|csv|json|md|png|jpe?g|pem|txt|sig)$/.test(line));
    expect(named.sort()).toEqual(entries.sort());

    expect(readme).toContain("Verified signatures in this pack: 3.");
    expect(readme).toContain("Letters of support: 1.");
    expect(readme).toContain(`${app.url}/verify-pack`);
    expect(readme).toContain("signature panel");
    // The commands of README.md's "Checking a pack", exactly, with this site's address.
    expect(readmeLines).toContain(`    curl -sO ${app.url}/.well-known/pack-signing-key.pem`);
    expect(readmeLines).toContain("    openssl pkeyutl -verify -pubin -inkey pack-signing-key.pem -rawin -in manifest.json -sigfile manifest.sig");
    expect(readmeLines).toContain(
      `    sed -n 's/.*{"path":"\\([^"]*\\)","bytes":[0-9]*,"sha256":"\\([0-9a-f]\\{64\\}\\)"}.*/\\2  \\1/p' manifest.json | sha256sum -c`,
    );

    // The fingerprint: SHA-256 of the DER SubjectPublicKeyInfo of the key the site publishes.
    const published = await (await fetch(`${app.url}/.well-known/pack-signing-key.pem`)).text();
    const fingerprint = crypto.createHash("sha256").update(crypto.createPublicKey(published).export({ type: "spki", format: "der" })).digest("hex");
    const shown = readmeLines.map((line) => line.trim()).find((line) => /^([0-9a-f]{4} ){15}[0-9a-f]{4}$/.test(line));
    expect(shown?.replaceAll(" ", "")).toBe(fingerprint);

    // Plain text wrapped at 76 columns; only the commands, which would not run cut in two, and the fingerprint are longer.
    for (const line of readmeLines.filter((l) => l.length > 76 && l !== shown)) expect(line, line).toMatch(/^ {4}(openssl|sed|curl) /);

    const verified = await cli(app, ["pack:verify", zip]);
    expect(verified.code, verified.stderr).toBe(0);
    expect(verified.stdout).toContain("The pack is intact");
  });

  it("has a Welsh twin, README.cy.txt, for a campaign in Welsh and English: both listed in the manifest and in each other", async () => {
    const { zip, files } = await exportPack(bilingual);
    const manifest = JSON.parse(text(files, "manifest.json")) as { files: { path: string }[] };
    expect(manifest.files.map((f) => f.path)).toEqual(expect.arrayContaining(["README.txt", "README.cy.txt"]));
    const welsh = text(files, "README.cy.txt");
    const english = text(files, "README.txt");
    for (const entry of files.keys()) {
      expect(lines(welsh), entry).toContain(entry);
      expect(lines(english), entry).toContain(entry);
    }
    expect(welsh).toContain("Pecyn llofnodion: Gofal teg nawr");
    expect(welsh).toContain("Llofnodion wedi'u gwirio yn y pecyn hwn: 2.");
    expect(welsh).toContain(`${app.url}/cy/verify-pack`);
    expect(english).toContain("Signature pack: Fair care now, in both");
    expect(english).toContain("Verified signatures in this pack: 2.");
    const verified = await cli(app, ["pack:verify", zip]);
    expect(verified.code, verified.stderr).toBe(0);
    fs.rmSync(zip);
  });
});
