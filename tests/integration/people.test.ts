import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningApp, startApp, stopApp } from "../helpers/app";
import { query } from "../helpers/db";
import { textOf } from "../helpers/http";
import { type Browser, browser, form, signInAs } from "../helpers/session";

let app: RunningApp;
let admin: Browser;
let staff: Browser;
let campaigner: Browser;

beforeAll(async () => {
  app = await startApp();
  [admin, staff, campaigner] = await Promise.all([
    signInAs(app, "admin@example.org", "admin"),
    signInAs(app, "staff@example.org", "staff"),
    signInAs(app, "campaigner@example.org", "campaigner"),
  ]);
});
afterAll(() => stopApp(app));

const userId = (email: string) => query<{ id: number }>(app, "select id from users where email = ?", email)[0].id;
const roleOf = (email: string) => query<{ role: string }>(app, "select role from users where email = ?", email)[0]?.role;
const audit = () =>
  query<{ action: string; user: string; before: string | null; after: string | null }>(
    app,
    "select action, users.email as user, before, after from audit_log join users on users.id = audit_log.user_id where action like 'user.%' order by audit_log.id",
  );

describe("the people page", () => {
  it("lists accounts for an admin, linked from the workspace for admins only", async () => {
    const workspace = await (await admin("/workspace")).text();
    expect(workspace).toContain('href="/workspace/people"');
    expect(await (await staff("/workspace")).text()).not.toContain('href="/workspace/people"');
    expect(await (await campaigner("/workspace")).text()).not.toContain('href="/workspace/people"');

    const page = await admin("/workspace/people");
    expect(page.status).toBe(200);
    const text = textOf(await page.text());
    expect(text).toContain("admin@example.org (you) Admin");
    expect(text).toContain("staff@example.org");
    expect(text).toContain("campaigner@example.org");
    expect(text).toMatch(/\d{2}\/\d{2}\/\d{4}/); // a last sign-in time
  });

  it("creates an account that can then sign in, and audits it", async () => {
    const created = await admin("/workspace/people", form({ intent: "create", email: " New.Person@Example.org ", role: "staff" }));
    expect(created.status).toBe(302);
    expect(created.headers.get("location")).toBe("/workspace/people?done=created");
    expect(roleOf("new.person@example.org")).toBe("staff");
    const page = textOf(await (await admin("/workspace/people?done=created")).text());
    expect(page).toContain("Account created.");
    expect(page).toMatch(/new\.person@example\.org .*Never/);

    const again = await admin("/workspace/people", form({ intent: "create", email: "new.person@example.org", role: "admin" }));
    expect(again.status).toBe(409);
    expect(textOf(await again.text())).toContain("There is already an account for this address");
    expect(roleOf("new.person@example.org")).toBe("staff");

    const bad = await admin("/workspace/people", form({ intent: "create", email: "nope", role: "king" }));
    expect(bad.status).toBe(400);
    const badText = textOf(await bad.text());
    expect(badText).toContain("There is a problem");
    expect(badText).toContain("Enter an email address in the correct format");
    expect(badText).toContain("Choose a role: campaigner, staff or admin");

    // The new account signs in like any other.
    const get = browser(app);
    expect((await get("/sign-in", form({ email: "new.person@example.org" }))).status).toBe(302);
    expect(query(app, "select count(*) as n from sign_in_attempts where user_id = ?", userId("new.person@example.org"))[0]).toEqual({ n: 1 });

    expect(audit().find((a) => a.action === "user.create" && a.after?.includes("new.person@example.org"))).toMatchObject({ user: "admin@example.org" });
  });

  it("changes a role, audited with before and after, and the change applies at once", async () => {
    const id = userId("campaigner@example.org");
    expect((await campaigner("/workspace/c/secret-draft")).status).toBe(404);
    const changed = await admin("/workspace/people", form({ intent: "role", userId: String(id), role: "staff" }));
    expect(changed.status).toBe(302);
    expect(changed.headers.get("location")).toBe("/workspace/people?done=changed");
    expect(roleOf("campaigner@example.org")).toBe("staff");
    expect((await campaigner("/workspace/c/secret-draft")).status).toBe(200);

    const entry = audit().filter((a) => a.action === "user.role").at(-1)!;
    expect(entry.user).toBe("admin@example.org");
    expect(JSON.parse(entry.before!)).toEqual({ userId: id, email: "campaigner@example.org", role: "campaigner" });
    expect(JSON.parse(entry.after!)).toEqual({ userId: id, email: "campaigner@example.org", role: "staff" });

    const back = await admin("/workspace/people", form({ intent: "role", userId: String(id), role: "campaigner" }));
    expect(back.status).toBe(302);
    expect(roleOf("campaigner@example.org")).toBe("campaigner");
  });

  it("does not let an admin remove their own admin role", async () => {
    const count = audit().length;
    const own = await admin("/workspace/people", form({ intent: "role", userId: String(userId("admin@example.org")), role: "campaigner" }));
    expect(own.status).toBe(409);
    expect(textOf(await own.text())).toContain("You cannot take away your own admin role");
    expect(roleOf("admin@example.org")).toBe("admin");
    expect(audit()).toHaveLength(count);
    expect((await admin("/workspace/people", form({ intent: "role", userId: "999999", role: "staff" }))).status).toBe(409);
  });

  it("answers 403 to staff and campaigners, and their posts change nothing", async () => {
    const before = { users: query(app, "select id, email, role from users order by id"), audit: audit() };
    for (const someone of [staff, campaigner]) {
      const page = await someone("/workspace/people");
      expect(page.status).toBe(403);
      expect(textOf(await page.text())).toContain("Only admins manage people and roles.");
      expect((await someone("/workspace/people", form({ intent: "create", email: "sneaky@example.org", role: "admin" }))).status).toBe(403);
      expect((await someone("/workspace/people", form({ intent: "role", userId: String(userId("staff@example.org")), role: "admin" }))).status).toBe(403);
      expect((await someone("/workspace/people", form({ intent: "role", userId: String(userId("campaigner@example.org")), role: "admin" }))).status).toBe(403);
    }
    expect({ users: query(app, "select id, email, role from users order by id"), audit: audit() }).toEqual(before);

    const signedOut = await browser(app)("/workspace/people", form({ intent: "create", email: "anon@example.org", role: "admin" }));
    expect(signedOut.status).toBe(302);
    expect(signedOut.headers.get("location")).toMatch(/^\/sign-in\?redirectTo=/);
    expect(roleOf("anon@example.org")).toBeUndefined();
  });
});
