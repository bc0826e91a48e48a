import { describe, expect, it } from "vitest";
import type { RunningApp } from "../helpers/app";
import { getCount, postSignature, textOf, validSignature, waitForCount } from "../helpers/http";
import { type Mailbox, verifyLink, withAppAndMailbox } from "../helpers/smtp";

let app: RunningApp;
let mailbox: Mailbox;

withAppAndMailbox((started) => ({ app, mailbox } = started), { perTest: true });

describe("signing and verifying", () => {
  it("counts a signature once its emailed link is opened, and lists the signatory", async () => {
    const response = await postSignature(app, "fair-care-now", { ...validSignature, role: "", comment: "Yes!" });
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("/c/fair-care-now/check-email");

    const [mail] = await mailbox.waitFor(1, "ann@example.org");
    expect(mail.subject).toBe("Confirm your signature: Fair care now");
    expect(mail.html).toContain("/verify/");
    const link = verifyLink(mail);
    expect(link.startsWith(`${app.url}/verify/`)).toBe(true);

    // Not counted and not shown before the link is opened.
    expect((await getCount(app, "fair-care-now")).count).toBe(0);
    expect(textOf(await (await fetch(`${app.url}/c/fair-care-now`)).text())).not.toContain("Ann Jones");

    const confirmed = await fetch(link);
    expect(confirmed.status).toBe(200);
    expect(textOf(await confirmed.text())).toContain("Your signature on “Fair care now” is confirmed");

    const count = await waitForCount(app, "fair-care-now", 1);
    expect(count).toMatchObject({ slug: "fair-care-now", count: 1, goal: 100 });
    const page = textOf(await (await fetch(`${app.url}/c/fair-care-now`)).text());
    expect(page).toContain("1 person has signed");
    expect(page).toContain("Ann Jones");
    expect(page).not.toContain("ann@example.org");
  });

  it("treats the link opened twice, or by a mail scanner first, as one signature", async () => {
    await postSignature(app, "fair-care-now", validSignature);
    const link = verifyLink((await mailbox.waitFor(1))[0]);
    const responses = await Promise.all([fetch(link, { method: "HEAD" }), fetch(link), fetch(link)]);
    for (const r of responses) expect(r.status).toBe(200);
    await waitForCount(app, "fair-care-now", 1);
    await new Promise((r) => setTimeout(r, 1500)); // another counting batch passes
    expect((await getCount(app, "fair-care-now")).count).toBe(1);
  });
});
