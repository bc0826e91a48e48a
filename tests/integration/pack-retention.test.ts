import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { expect, it } from "vitest";
import type { RunningApp } from "../helpers/app";
import { CLI_TIMEOUT, cli } from "../helpers/cli";
import { execute, query } from "../helpers/db";
import { addPack, campaignIdOf, eachTestWithStaff, zipOf } from "../helpers/delivery";
import { textOf } from "../helpers/http";
import { readZip } from "../helpers/zip";
import { type Browser, form, signInAs } from "../helpers/session";

// Issue 19, point 4: pack files are kept as long as they should be. The packs that were delivered
// and the newest N of each campaign (3 unless staff change it, audited) keep their ZIP; the
// retention run deletes the others' ZIPs, audited, keeping the row with its hashes, so
// /verify-pack still says a copy a recipient holds is genuine and the workspace shows the pack as
// deleted, with its fingerprint, instead of a download link.

let app: RunningApp;
let staff: Browser;
eachTestWithStaff((started) => ({ app, staff } = started));

const slug = "fair-care-now";

type PackRow = { id: number; file: string | null; sha256: string; manifest_sha256: string; manifest_signature: string | null; file_deleted_at: string | null };
const packsOf = (campaignSlug: string) =>
  query<PackRow>(app, "select id, file, sha256, manifest_sha256, manifest_signature, file_deleted_at from pack_exports where campaign_id = ? order by id", campaignIdOf(app, campaignSlug));
const onDisk = (file: string) => fs.existsSync(path.join(app.dataDir, "packs", file));
const audits = (action: string) => query<{ campaign_id: number | null; user_id: number | null; before: string | null; after: string | null }>(app, "select campaign_id, user_id, before, after from audit_log where action = ? order by id", action);

/** A delivery by email of this pack to the campaign's first recipient, as delivery.server records one. */
function deliver(packId: number) {
  const staffId = query<{ id: number }>(app, "select id from users where email = 'staff@example.org'")[0].id;
  execute(
    app,
    `insert into deliveries (campaign_id, recipient_name, recipient_title, recipient_role, recipient_email, pack_export_id, method, download_token_hash, created_by, created_at)
     values (?, 'Jane Minister', 'Minister for Care', 'to', 'jane.minister@gov.example', ?, 'email', ?, ?, ?)`,
    campaignIdOf(app, slug),
    packId,
    crypto.createHash("sha256").update(crypto.randomBytes(32)).digest("hex"),
    staffId,
    new Date().toISOString(),
  );
}

/** Five finished packs, oldest first: the first delivered, the second a real export whose ZIP a recipient kept. */
async function fivePacks() {
  addPack(app, slug, await zipOf({ "letter.pdf": "the first pack" }));
  const copy = path.join(app.dataDir, "recipient-copy.zip");
  const exported = await cli(app, ["pack:export", slug, "--out", copy]);
  expect(exported.code, exported.stderr).toBe(0);
  for (const n of [3, 4, 5]) addPack(app, slug, await zipOf({ "letter.pdf": `pack ${n}` }));
  const packs = packsOf(slug);
  expect(packs).toHaveLength(5);
  deliver(packs[0].id);
  return { packs, copy };
}

it(
  "keeps the delivered pack and the newest three, deletes the other's ZIP (audited), and /verify-pack still says a copy of it is genuine",
  { timeout: CLI_TIMEOUT * 2 },
  async () => {
    const { packs, copy } = await fivePacks();
    const [delivered, old, ...newest] = packs;

    const run = await cli(app, ["privacy:run"]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain("Old pack files deleted (not delivered, and not among their campaign's newest): 1.");

    const after = packsOf(slug);
    expect(onDisk(old.file!)).toBe(false);
    expect(after[1]).toMatchObject({ id: old.id, file: null, sha256: old.sha256, manifest_sha256: old.manifest_sha256 });
    expect(after[1].file_deleted_at).not.toBeNull();
    // Its manifest's signature is kept too: the one in the copy the recipient holds.
    const held = await readZip(copy);
    expect(after[1].manifest_signature).toBe(held.get("manifest.sig")!.toString("base64"));
    for (const kept of [delivered, ...newest]) {
      expect(onDisk(kept.file!), `pack ${kept.id}`).toBe(true);
      expect(after.find((p) => p.id === kept.id)).toMatchObject({ file: kept.file, file_deleted_at: null });
    }
    expect(audits("pack.retention")).toEqual([
      {
        campaign_id: campaignIdOf(app, slug),
        user_id: null,
        before: null,
        after: JSON.stringify({ keepNewest: 3, packs: [{ id: old.id, sha256: old.sha256, manifestSha256: old.manifest_sha256 }] }),
      },
    ]);

    // The recipient's copy of the deleted pack still checks, on the site and on the command line.
    const body = new FormData();
    body.set("pack", new Blob([new Uint8Array(fs.readFileSync(copy))], { type: "application/zip" }), "pack.zip");
    const checked = await fetch(`${app.url}/verify-pack`, { method: "POST", body });
    expect(checked.status).toBe(200);
    expect(textOf(await checked.text())).toContain("This pack is intact");
    const verified = await cli(app, ["pack:verify", copy]);
    expect(verified.code, verified.stderr).toBe(0);

    // The pack page shows it deleted, with its fingerprint, and no download link; the others keep theirs.
    const html = await (await staff(`/workspace/c/${slug}/pack`)).text();
    expect(textOf(html)).toContain(`File deleted (kept: its fingerprint, the SHA-256 of its manifest.json: ${old.manifest_sha256}).`);
    expect(html).not.toContain(`/pack/${old.id}/download`);
    for (const kept of newest) expect(html).toContain(`/workspace/c/${slug}/pack/${kept.id}/download`);
    const download = await staff(`/workspace/c/${slug}/pack/${old.id}/download`);
    expect(download.status).toBe(404);

    // Nothing more to do: a second run deletes nothing and audits nothing.
    const again = await cli(app, ["privacy:run"]);
    expect(again.stdout).toContain("Old pack files deleted (not delivered, and not among their campaign's newest): 0.");
    expect(audits("pack.retention")).toHaveLength(1);
  },
);

it("staff change how many packs are kept (audited; a bad number is refused); a campaigner cannot", { timeout: CLI_TIMEOUT * 2 }, async () => {
  const { packs } = await fivePacks();
  const page = textOf(await (await staff("/workspace/settings")).text());
  expect(page).toContain("Signature pack files");
  expect(page).toContain("Newest packs to keep for each campaign");

  for (const [value, message] of [
    ["0", "Enter a number from 1 to 100"],
    ["three", "Enter a whole number of packs, like 3"],
    ["", "Enter how many packs to keep"],
  ]) {
    const refused = await staff("/workspace/settings", form({ intent: "packRetention", keepNewest: value }));
    expect(refused.status, value).toBe(400);
    expect(textOf(await refused.text())).toContain(message);
  }
  expect(audits("settings.packRetention")).toEqual([]);

  const campaigner = await signInAs(app, "campaigner@example.org", "campaigner");
  const forbidden = await campaigner("/workspace/settings", form({ intent: "packRetention", keepNewest: "1" }));
  expect(forbidden.status).toBe(403);
  expect(audits("settings.packRetention")).toEqual([]);

  const saved = await staff("/workspace/settings", form({ intent: "packRetention", keepNewest: "1" }));
  expect(saved.status).toBe(302);
  expect(saved.headers.get("location")).toBe("/workspace/settings?saved=packRetention#pack-retention");
  expect(textOf(await (await staff("/workspace/settings?saved=packRetention")).text())).toContain("Pack retention saved.");
  const [audit] = audits("settings.packRetention");
  expect(audit).toMatchObject({ campaign_id: null, before: JSON.stringify({ keepNewest: 3 }), after: JSON.stringify({ keepNewest: 1 }) });
  expect(audit.user_id).not.toBeNull();

  // Now only the newest and the delivered one keep their ZIP.
  const run = await cli(app, ["privacy:run"]);
  expect(run.code, run.stderr).toBe(0);
  expect(run.stdout).toContain("Old pack files deleted (not delivered, and not among their campaign's newest): 3.");
  expect(packsOf(slug).map((p) => p.file !== null)).toEqual([true, false, false, false, true]);
  expect(onDisk(packs[0].file!)).toBe(true);
  expect(onDisk(packs[4].file!)).toBe(true);
  for (const gone of packs.slice(1, 4)) expect(onDisk(gone.file!)).toBe(false);
});
