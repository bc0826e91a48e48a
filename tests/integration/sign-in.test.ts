import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { beforeEach, describe, expect, it } from "vitest";
import type { RunningApp } from "../helpers/app";
import { execute, query } from "../helpers/db";
import { textOf } from "../helpers/http";
import { type Mailbox, withAppAndMailbox } from "../helpers/smtp";
import { cliBundle } from "../helpers/cli";

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, "../..");
let app: RunningApp;
let mailbox: Mailbox;

withAppAndMailbox((started) => ({ app, mailbox } = started), { perTest: true });
beforeEach(async () => {
  await createUser("campaigner@example.org", "campaigner");
  // The CLI queues a first sign-in mail; let it arrive so each test starts with an empty mailbox.
  await mailbox.waitFor(1, "campaigner@example.org");
  mailbox.messages.length = 0;
});

async function createUser(email: string, role: string) {
  await run(process.execPath, [cliBundle(), "user:create", "--email", email, "--role", role], {
    cwd: root,
    env: { PATH: process.env.PATH, NODE_ENV: "production", DATA_DIR: app.dataDir, DATABASE_URL: app.databaseUrl, SMTP_URL: mailbox.url, LOG_LEVEL: "warn" },
  });
}

/** A tiny browser: keeps the session cookie between requests. */
function browser() {
  let cookie = "";
  return async (path: string, init: RequestInit = {}) => {
    const response = await fetch(`${app.url}${path}`, { ...init, redirect: "manual", headers: { ...init.headers, cookie } });
    const set = response.headers.get("set-cookie");
    if (set) cookie = set.split(";")[0];
    return response;
  };
}

const form = (fields: Record<string, string>) => ({ method: "POST", body: new URLSearchParams(fields) });

describe("signing in by email", () => {
  it("sends a single-use link that brings the campaigner back to where they were going", async () => {
    const get = browser();
    const guarded = await get("/workspace");
    expect(guarded.status).toBe(302);
    expect(guarded.headers.get("location")).toBe("/sign-in?redirectTo=%2Fworkspace");

    const asked = await get("/sign-in", form({ email: "Campaigner@Example.org", redirectTo: "/workspace" }));
    expect(asked.headers.get("location")).toBe("/sign-in/code");
    const [mail] = await mailbox.waitFor(1, "campaigner@example.org");
    expect(mail.subject).toBe("Your sign-in link for Undersigned");
    const link = mail.text!.match(/https?:\/\/\S+\/sign-in\/[\w-]{43}/)![0];
    expect(mail.text).toMatch(/type this code on the sign-in page: \d{6}/);

    // Opening the link (as a mail scanner would) does not use it up: the button does.
    const path = new URL(link).pathname;
    expect((await get(path)).status).toBe(200);
    const done = await get(path, form({}));
    expect(done.status).toBe(302);
    expect(done.headers.get("location")).toBe("/workspace");
    const workspace = await get("/workspace");
    expect(workspace.status).toBe(200);
    expect(textOf(await workspace.text())).toContain("Signed in as campaigner@example.org");

    // Single use: a second press of the same link fails.
    expect((await browser()(path, form({}))).status).toBe(400);

    // Signing out ends the session.
    expect((await get("/sign-out", form({}))).headers.get("location")).toBe("/");
    expect((await get("/workspace")).status).toBe(302);
  });

  it("accepts the code typed instead, and stops after five wrong tries", async () => {
    const get = browser();
    await get("/sign-in", form({ email: "campaigner@example.org" }));
    const [mail] = await mailbox.waitFor(1);
    const code = mail.text!.match(/code on the sign-in page: (\d{6})/)![1];
    const wrong = code === "000000" ? "111111" : "000000";

    const bad = await get("/sign-in/code", form({ code: wrong }));
    expect(bad.status).toBe(400);
    expect(textOf(await bad.text())).toContain("That code is not right");
    const ok = await get("/sign-in/code", form({ code: code.replace(/(\d{3})/, "$1 ") }));
    expect(ok.status).toBe(302);
    expect((await get("/workspace")).status).toBe(200);

    const other = browser();
    mailbox.messages.length = 0;
    await other("/sign-in", form({ email: "campaigner@example.org" }));
    const second = (await mailbox.waitFor(1))[0].text!.match(/code on the sign-in page: (\d{6})/)![1];
    const notIt = second === "000000" ? "111111" : "000000";
    for (let i = 0; i < 5; i++) expect((await other("/sign-in/code", form({ code: notIt }))).status).toBe(400);
    expect((await other("/sign-in/code", form({ code: second }))).status).toBe(400);
  });

  it("says the same for an address with no account, and sends it nothing", async () => {
    const get = browser();
    const response = await get("/sign-in", form({ email: "stranger@example.org" }));
    expect(response.headers.get("location")).toBe("/sign-in/code");
    const page = textOf(await (await get("/sign-in/code")).text());
    expect(page).toContain("If stranger@example.org has an account, we have sent it a sign-in link");
    await new Promise((r) => setTimeout(r, 800));
    expect(mailbox.messages.filter((m) => m.text?.includes("stranger"))).toHaveLength(0);
    expect(query(app, "select count(*) as n from outbox where recipient = 'stranger@example.org'")[0]).toEqual({ n: 0 });
  });

  it("refuses a link, or its code, once its 15 minutes have passed", async () => {
    const get = browser();
    await get("/sign-in", form({ email: "campaigner@example.org" }));
    const [mail] = await mailbox.waitFor(1);
    const link = mail.text!.match(/\/sign-in\/[\w-]{43}/)![0];
    const code = mail.text!.match(/code on the sign-in page: (\d{6})/)![1];
    const [attempt] = query<{ created_at: string; expires_at: string }>(app, "select created_at, expires_at from sign_in_attempts order by id desc limit 1");
    expect(Date.parse(attempt.expires_at) - Date.parse(attempt.created_at)).toBe(15 * 60_000);
    // Time passes: move the attempt's expiry into the past, as 15 minutes would.
    execute(app, "update sign_in_attempts set expires_at = ?", new Date(Date.now() - 1000).toISOString());
    expect((await get("/sign-in/code", form({ code }))).status).toBe(400);
    expect((await get(link, form({}))).status).toBe(400);
    expect((await get("/workspace")).status).toBe(302);
  });

  it("refuses a redirect to another site", async () => {
    const get = browser();
    await get("/sign-in", form({ email: "campaigner@example.org", redirectTo: "//evil.example/x" }));
    const link = (await mailbox.waitFor(1))[0].text!.match(/\/sign-in\/[\w-]{43}/)![0];
    expect((await get(link, form({}))).headers.get("location")).toBe("/workspace");
  });
});
