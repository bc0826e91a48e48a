import crypto from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningApp, startApp, stopApp } from "../../helpers/app";
import { addSigner } from "../../helpers/delivery";
import { execute, query } from "../../helpers/db";
import { type Browser, browser, form, signInAs } from "../../helpers/session";

let app: RunningApp;
let staff: Browser;
beforeAll(async () => {
  app = await startApp();
  staff = await signInAs(app, "staff@example.org", "staff");
});
afterAll(() => stopApp(app));

describe("redirects stay on the site", () => {
  const hostile = ["/%09/evil.example", "/%0a/evil.example", "/%0d%0a/evil.example", "//evil.example", "/\\evil.example", "/%5Cevil.example", "https://evil.example", "/%E2%80%A8/evil.example", "/a/%09/..//evil.example"];

  it("signed in, a redirectTo that a browser would read as another site lands on /workspace", async () => {
    for (const target of hostile) {
      const response = await staff(`/sign-in?redirectTo=${target}`);
      expect(response.status, target).toBe(302);
      expect(response.headers.get("location"), target).toBe("/workspace");
    }
  });

  it("a good path is kept, and is still a path on the site after sign-in", async () => {
    const response = await staff("/sign-in?redirectTo=/workspace/c/fair-care-now?q=Ann%20Jones");
    expect(response.headers.get("location")).toBe("/workspace/c/fair-care-now?q=Ann%20Jones");
  });

  it("stored before sign-in, a hostile redirectTo is never stored", async () => {
    const visitor = browser(app);
    const response = await visitor("/sign-in", form({ email: "staff@example.org", redirectTo: "/\t/evil.example" }));
    expect(response.status).toBe(302);
    const stored = query<{ redirect_to: string | null }>(app, "select redirect_to from sign_in_attempts order by id desc limit 1");
    expect(stored[0].redirect_to).not.toContain("evil");
  });
});

describe("private pages are never cached and never referred", () => {
  const isPrivate = (response: Response) => {
    expect(response.headers.get("cache-control"), response.url).toBe("private, no-store");
    expect(response.headers.get("referrer-policy"), response.url).toBe("no-referrer");
  };

  it("every workspace page, the staff page with signers' emails first", async () => {
    for (const path of ["/workspace/c/fair-care-now/signatures?q=ann", "/workspace", "/workspace/c/fair-care-now", "/workspace/audit", "/workspace/c/fair-care-now/pack"]) {
      const response = await staff(path);
      expect(response.status, path).toBe(200);
      isPrivate(response);
    }
    // Data requests, made by the pages' JavaScript, too.
    isPrivate(await staff("/workspace/c/fair-care-now/signatures.data?q=ann"));
  });

  it("every secret-link page, whether or not the link works", async () => {
    const token = "a".repeat(43);
    for (const path of [`/sign-in/${token}`, `/verify/${token}`, `/unsubscribe/1-${token}`, `/withdraw/1-${token}`, `/my-data/${token}`, `/support/confirm/${token}`, `/support/revise/${token}`, `/invitations/${token}`, `/packs/${token}`, `/c/fair-care-now/support/new?invitation=${token}`]) {
      isPrivate(await fetch(`${app.url}${path}`, { redirect: "manual" }));
    }
  });

  it("public pages may be cached and keep the same-origin referrer", async () => {
    const response = await fetch(`${app.url}/c/fair-care-now`);
    // A shared cache may keep it a few seconds; a browser asks each time (see "The page cache").
    expect(response.headers.get("cache-control")).toBe("public, max-age=0, s-maxage=5, stale-while-revalidate=10");
    expect(response.headers.get("referrer-policy")).toBe("same-origin");
    expect(response.headers.get("strict-transport-security")).toBeNull(); // http here
    // The header's "Sign in" or "Workspace" link follows the session cookie.
    expect(response.headers.get("vary")).toMatch(/\bCookie\b/);
  });
});

describe("unsubscribe links whose MAC has a '-' in it", () => {
  const macOf = (secret: string, id: number) => crypto.createHmac("sha256", secret).update(`unsubscribe:${id}`).digest("base64url");

  it("work when the MAC starts with '-' (1 signer in 64 before) and when it has one further on", async () => {
    addSigner(app, "fair-care-now", "dash@example.org");
    const id = query<{ id: number }>(app, "select id from signatures where email = 'dash@example.org'")[0].id;
    // Secrets for which this signature's MAC starts with '-', and has '-' only later.
    let leading = "";
    let inner = "";
    for (let i = 0; !leading || !inner; i++) {
      const secret = `a-test-secret-that-is-long-enough-${i}`;
      const mac = macOf(secret, id);
      if (!leading && mac.startsWith("-")) leading = secret;
      if (!inner && !mac.startsWith("-") && mac.slice(1).includes("-")) inner = secret;
    }
    for (const secret of [leading, inner]) {
      await app.stop();
      await app.restart({ SESSION_SECRET: secret });
      const link = `/unsubscribe/${id}-${macOf(secret, id)}`;
      const page = await fetch(`${app.url}${link}`);
      expect(page.status, secret).toBe(200);
      const done = await fetch(`${app.url}${link}`, { method: "POST", body: new URLSearchParams({ "List-Unsubscribe": "One-Click" }) });
      expect(done.status, secret).toBe(200);
      expect(query(app, "select wants_updates from signatures where id = ?", id)).toEqual([{ wants_updates: 0 }]);
      execute(app, "update signatures set wants_updates = 1 where id = ?", id); // for the next secret
    }
  });
});

describe("forms sent from private pages, and from other sites", () => {
  const signFrom = (headers: Record<string, string>, email: string) =>
    fetch(`${app.url}/c/fair-care-now/sign`, {
      method: "POST",
      redirect: "manual",
      headers,
      body: new URLSearchParams({ name: "Ann Jones", email, signerType: "individual", location: "Cardiff" }),
    });

  it("a no-referrer page's own form (Origin: null, Sec-Fetch-Site: same-origin) is accepted", async () => {
    const response = await signFrom({ Origin: "null", "Sec-Fetch-Site": "same-origin" }, "null-origin@example.org");
    expect(response.status).toBe(302);
    expect(query(app, "select count(*) as n from signatures where email = 'null-origin@example.org'")).toEqual([{ n: 1 }]);
  });

  it("a form from another site, or from a sandboxed frame, gets 403 and changes nothing (not a 500)", async () => {
    const senders: Record<string, string>[] = [{ Origin: "https://evil.example" }, { Origin: "null", "Sec-Fetch-Site": "cross-site" }, { Origin: "null" }];
    for (const headers of senders) {
      const response = await signFrom(headers, "cross@example.org");
      expect(response.status, JSON.stringify(headers)).toBe(403);
      expect(await response.text()).toContain("sent from another site");
    }
    expect(query(app, "select count(*) as n from signatures where email = 'cross@example.org'")).toEqual([{ n: 0 }]);
  });
});
