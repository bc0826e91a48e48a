import { afterAll, beforeAll, expect, it } from "vitest";
import { type RunningApp, startApp, stopApp } from "../helpers/app";
import { query } from "../helpers/db";
import { textOf } from "../helpers/http";
import { type Browser, campaignForm, form, signInAs } from "../helpers/session";

let app: RunningApp;
let owner: Browser;
let staff: Browser;

beforeAll(async () => {
  app = await startApp();
  [owner, staff] = await Promise.all([signInAs(app, "owner@example.org", "campaigner"), signInAs(app, "staff@example.org", "staff")]);
});
afterAll(() => stopApp(app));

const draft = (slug: string) => campaignForm({ title: `Letter ${slug}`, slug });

const status = (slug: string) => query<{ status: string }>(app, "select status from campaigns where slug = ?", slug)[0].status;
const publicStatus = async (slug: string) => (await fetch(`${app.url}/c/${slug}`)).status;

it("when staff require review, a campaigner submits, staff send back with a reason, then approve", async () => {
  // Only staff may change the setting.
  expect((await owner("/workspace/settings", form({ reviewRequired: "on" }))).status).toBe(403);
  expect((await staff("/workspace/settings", form({ reviewRequired: "on" }))).status).toBe(302);

  await owner("/workspace/new", draft("needs-review"));
  const page = textOf(await (await owner("/workspace/c/needs-review")).text());
  expect(page).toContain("Send to staff for approval");
  expect(page).not.toContain("Publish the campaign");
  // Publishing directly is refused while review is required.
  expect((await owner("/workspace/c/needs-review", form({ action: "publish" }))).status).toBe(409);
  expect(status("needs-review")).toBe("draft");

  expect((await owner("/workspace/c/needs-review", form({ action: "submit" }))).status).toBe(302);
  expect(status("needs-review")).toBe("submitted");
  expect(await publicStatus("needs-review")).toBe(404);
  // The campaigner cannot approve their own campaign.
  expect((await owner("/workspace/c/needs-review", form({ action: "approve" }))).status).toBe(403);

  // Sending back needs a reason, which the team then sees in the history.
  expect((await staff("/workspace/c/needs-review", form({ action: "sendBack" }))).status).toBe(409);
  expect((await staff("/workspace/c/needs-review", form({ action: "sendBack", reason: "Name the Minister properly." }))).status).toBe(302);
  expect(status("needs-review")).toBe("draft");
  const history = textOf(await (await owner("/workspace/c/needs-review")).text());
  expect(history).toContain("Waiting for approval → Draft, by staff@example.org Reason: Name the Minister properly.");

  await owner("/workspace/c/needs-review", form({ action: "submit" }));
  expect((await staff("/workspace/c/needs-review", form({ action: "approve" }))).status).toBe(302);
  expect(status("needs-review")).toBe("open");
  expect(await publicStatus("needs-review")).toBe(200);

  await staff("/workspace/settings", form({}));
  expect(query(app, "select count(*) as n from audit_log where action = 'settings.review'")[0]).toEqual({ n: 2 });
});

it("runs open → closed → delivered → archived, with the later steps for staff only", async () => {
  await owner("/workspace/new", draft("full-life"));
  expect((await owner("/workspace/c/full-life", form({ action: "publish" }))).status).toBe(302);
  expect((await owner("/workspace/c/full-life", form({ action: "close" }))).status).toBe(302);
  expect((await owner("/workspace/c/full-life", form({ action: "markDelivered" }))).status).toBe(403);
  expect((await staff("/workspace/c/full-life", form({ action: "markDelivered" }))).status).toBe(302);
  expect(status("full-life")).toBe("delivered");
  expect(textOf(await (await fetch(`${app.url}/c/full-life`)).text())).toContain("This campaign is closed");
  expect((await staff("/workspace/c/full-life", form({ action: "archive" }))).status).toBe(302);
  expect(status("full-life")).toBe("archived");
  expect((await staff("/workspace/c/full-life", form({ action: "reopen" }))).status).toBe(409);
  const history = query<{ after: string }>(app, "select a.after from audit_log a join campaigns c on c.id = a.campaign_id where c.slug = 'full-life' and a.action = 'campaign.status' order by a.id");
  expect(history.map((h) => JSON.parse(h.after).status)).toEqual(["open", "closed", "delivered", "archived"]);
});

it("lets staff read and filter the audit log, and nobody else", async () => {
  expect((await owner("/workspace/audit")).status).toBe(403);
  const all = textOf(await (await staff("/workspace/audit")).text());
  expect(all).toContain("campaign.create");
  expect(all).toContain("settings.review");

  const byCampaign = textOf(await (await staff("/workspace/audit?campaign=full-life&action=campaign.status")).text());
  expect(byCampaign).toContain("full-life");
  expect(byCampaign).not.toContain("needs-review");
  expect(byCampaign).toMatch(/status : closed delivered/);

  const byPerson = textOf(await (await staff("/workspace/audit?person=staff%40example.org")).text());
  expect(byPerson).toContain("settings.review");
  expect(byPerson).not.toContain("owner@example.org");

  const future = textOf(await (await staff("/workspace/audit?from=2099-01-01")).text());
  expect(future).toContain("Nothing matches.");
});
