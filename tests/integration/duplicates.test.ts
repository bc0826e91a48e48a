import { expect, it } from "vitest";
import type { RunningApp } from "../helpers/app";
import { query } from "../helpers/db";
import { getCount, postSignature, validSignature, waitForCount } from "../helpers/http";
import { type Mailbox, verifyLink, withAppAndMailbox } from "../helpers/smtp";

let app: RunningApp;
let mailbox: Mailbox;
withAppAndMailbox((started) => ({ app, mailbox } = started), { perTest: true });

it("signing again while unverified re-sends the confirmation; either link counts once", async () => {
  const first = await postSignature(app, "fair-care-now", validSignature);
  const again = await postSignature(app, "fair-care-now", { ...validSignature, email: "  ANN@Example.ORG ", name: "Someone Else" });
  // The same answer either way: nobody learns from the page whether an address has signed.
  expect(again.status).toBe(first.status);
  expect(again.headers.get("location")).toBe(first.headers.get("location"));

  const mails = await mailbox.waitFor(2, "ann@example.org");
  expect(mails.map((m) => m.subject)).toEqual(["Confirm your signature: Fair care now", "Confirm your signature: Fair care now"]);
  const [linkA, linkB] = mails.map(verifyLink);
  expect(linkA).not.toBe(linkB);
  expect((await fetch(linkB)).status).toBe(200);
  expect((await fetch(linkA)).status).toBe(200);
  await waitForCount(app, "fair-care-now", 1);

  const rows = query(app, "select name, email from signatures");
  expect(rows).toEqual([{ name: "Ann Jones", email: "ann@example.org" }]);
});

it("sends at most five mails to one address for one campaign, however often it signs", async () => {
  for (let i = 0; i < 8; i++) expect((await postSignature(app, "fair-care-now", validSignature)).status).toBe(302);
  await mailbox.waitFor(5, "ann@example.org");
  await new Promise((r) => setTimeout(r, 1500));
  expect(mailbox.messages).toHaveLength(5);
  expect(query(app, "select count(*) as n from signatures")[0]).toEqual({ n: 1 });
});

it("once verified, signing again says it is already counted and never counts twice", async () => {
  await postSignature(app, "fair-care-now", validSignature);
  await fetch(verifyLink((await mailbox.waitFor(1))[0]));
  await waitForCount(app, "fair-care-now", 1);

  const again = await postSignature(app, "fair-care-now", validSignature);
  expect(again.headers.get("location")).toBe("/c/fair-care-now/check-email");
  const mails = await mailbox.waitFor(2, "ann@example.org");
  expect(mails[1].subject).toBe("You have already signed: Fair care now");
  expect(mails[1].text).toContain("already confirmed and counted once");
  expect(mails[1].text).not.toMatch(/\/verify\//);

  await new Promise((r) => setTimeout(r, 1500));
  expect((await getCount(app, "fair-care-now")).count).toBe(1);
});

it("binds the signature to the exact letter version and text it was given", async () => {
  await postSignature(app, "fair-care-now", validSignature);
  const [row] = query<{ letter_version_id: number; letter_sha256: string; body: string; sha256: string; number: number }>(
    app,
    `select s.letter_version_id, s.letter_sha256, t.body, t.sha256, v.number
       from signatures s join letter_texts t on t.id = s.letter_text_id join letter_versions v on v.id = s.letter_version_id`,
  );
  const { createHash } = await import("node:crypto");
  expect(row.number).toBe(1);
  expect(row.letter_sha256).toBe(createHash("sha256").update(row.body, "utf8").digest("hex"));
  expect(row.letter_sha256).toBe(row.sha256);
});

it("stores only a hash of each verification token", async () => {
  await postSignature(app, "fair-care-now", validSignature);
  const token = verifyLink((await mailbox.waitFor(1))[0]).split("/verify/")[1];
  expect(Buffer.from(token, "base64url").length).toBeGreaterThanOrEqual(16);
  const stored = query<{ token_hash: string }>(app, "select token_hash from verification_tokens");
  expect(stored).toHaveLength(1);
  expect(stored[0].token_hash).not.toContain(token);
  // And once sent, the outbox no longer holds the link either.
  await new Promise((r) => setTimeout(r, 300));
  expect(query(app, "select payload, status from outbox")).toEqual([{ payload: null, status: "sent" }]);
});

it("stores what was typed in one form: composed accents, and no hidden characters that make a name read otherwise", async () => {
  const typed = {
    ...validSignature,
    name: "Zoe\u0308 \u202EsnavE\u202C Ll\u0177r",
    location: "Ystradgynlais\u0007",
    comment: "Yes\r\n\u2066please\u2069",
  };
  expect((await postSignature(app, "fair-care-now", typed)).status).toBe(302);
  await mailbox.waitFor(1, "ann@example.org");
  expect(query(app, "select name, location, comment from signatures")).toEqual([{ name: "Zoë snavE Llŷr", location: "Ystradgynlais", comment: "Yes\nplease" }]);
  // A name made only of hidden characters is no name.
  const empty = await postSignature(app, "fair-care-now", { ...validSignature, email: "ben@example.org", name: "\u202E\u2066\u0007" });
  expect(empty.status).toBe(400);
  expect(query(app, "select count(*) as n from signatures")[0]).toEqual({ n: 1 });
});
