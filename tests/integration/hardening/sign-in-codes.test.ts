import { beforeEach, describe, expect, it } from "vitest";
import type { RunningApp } from "../../helpers/app";
import { execute } from "../../helpers/db";
import { textOf } from "../../helpers/http";
import { type Browser, browser, form } from "../../helpers/session";
import { type Mailbox, withAppAndMailbox } from "../../helpers/smtp";

// Behind a proxy, so that each request can come from another address, as a guesser spreading
// their tries over many addresses would: the per-address rate limit does not hold them back.
let app: RunningApp;
let mailbox: Mailbox;
withAppAndMailbox((started) => ({ app, mailbox } = started), { perTest: true, env: { TRUST_PROXY: "1" } });
beforeEach(() => {
  execute(app, "insert into users (email, role, created_at) values ('campaigner@example.org', 'campaigner', ?)", new Date().toISOString());
});

const tooMany = "Too many wrong codes have been typed";
const useLink = "Use the link in the email to sign in instead";

/** A browser whose every request comes from a new address. */
function roamingBrowser(): Browser {
  const get = browser(app);
  let n = 0;
  return (path, init = {}) => get(path, { ...init, headers: { ...init.headers, "X-Forwarded-For": `203.0.113.${++n}` } });
}

/** Asks for a sign-in mail and returns its code and link. */
async function askForSignIn(get: Browser, email: string) {
  mailbox.messages.length = 0;
  const asked = await get("/sign-in", form({ email }));
  expect(asked.headers.get("location")).toBe("/sign-in/code");
  const [mail] = await mailbox.waitFor(1, email);
  return {
    code: mail.text!.match(/code on the sign-in page: (\d{6})/)![1],
    link: new URL(mail.text!.match(/https?:\/\/\S+\/sign-in\/[\w-]{43}/)![0]).pathname,
  };
}

async function typeCode(get: Browser, code: string) {
  const response = await get("/sign-in/code", form({ code }));
  return { status: response.status, text: textOf(await response.text()) };
}

const wrongFor = (code: string) => (code === "000000" ? "111111" : "000000");

describe("wrong sign-in codes, counted per account", () => {
  it("refuses codes after ten wrong ones across attempts, while the emailed link still signs in", async () => {
    const get = roamingBrowser();

    // The first attempt: five wrong codes use it up.
    const first = await askForSignIn(get, "campaigner@example.org");
    for (let i = 0; i < 5; i++) {
      const typed = await typeCode(get, wrongFor(first.code));
      expect(typed.status).toBe(400);
      expect(typed.text).toContain("That code is not right");
    }

    // A new attempt does not start the count again: the sixth wrong code is the account's, too.
    const second = await askForSignIn(get, "campaigner@example.org");
    for (let i = 0; i < 4; i++) {
      const typed = await typeCode(get, wrongFor(second.code));
      expect(typed.status).toBe(400);
      expect(typed.text).toContain("That code is not right");
    }
    const tenth = await typeCode(get, wrongFor(second.code));
    expect(tenth.text).toContain(tooMany);
    expect(tenth.text).toContain(useLink);

    // Even the right code of a fresh attempt is refused now, and says why.
    const third = await askForSignIn(get, "campaigner@example.org");
    const refused = await typeCode(get, third.code);
    expect(refused.status).toBe(429);
    expect(refused.text).toContain(tooMany);
    expect(refused.text).toContain(useLink);
    expect((await get("/workspace")).status).toBe(302);

    // The count is in the database: a restarted server still refuses the code.
    await app.stop();
    await app.restart();
    expect((await typeCode(get, third.code)).text).toContain(tooMany);
    expect((await get("/workspace")).status).toBe(302);

    // The emailed link still signs in.
    expect((await get(third.link)).status).toBe(200);
    const done = await get(third.link, form({}));
    expect(done.status).toBe(302);
    expect(done.headers.get("location")).toBe("/workspace");
    const workspace = await get("/workspace");
    expect(workspace.status).toBe(200);
    expect(textOf(await workspace.text())).toContain("Signed in as campaigner@example.org");
  });

  it("takes codes again once the hour has passed", async () => {
    const get = roamingBrowser();
    for (let attempt = 0; attempt < 2; attempt++) {
      const { code } = await askForSignIn(get, "campaigner@example.org");
      for (let i = 0; i < 5; i++) await typeCode(get, wrongFor(code));
    }
    const { code } = await askForSignIn(get, "campaigner@example.org");
    expect((await typeCode(get, code)).text).toContain(tooMany);

    // An hour passes: move the wrong codes' times back, as the clock would.
    execute(app, "update sign_in_code_failures set failed_at = ?", new Date(Date.now() - 60 * 60_000 - 1000).toISOString());
    const accepted = await get("/sign-in/code", form({ code }));
    expect(accepted.status).toBe(302);
    expect((await get("/workspace")).status).toBe(200);
  });

  it("answers an address with no account the same way, so the page does not tell which has one", async () => {
    const get = roamingBrowser();
    const asked = await get("/sign-in", form({ email: "stranger@example.org" }));
    expect(asked.headers.get("location")).toBe("/sign-in/code");
    for (let i = 0; i < 9; i++) {
      const typed = await typeCode(get, String(100000 + i));
      expect(typed.status).toBe(400);
      expect(typed.text).toContain("That code is not right");
    }
    expect((await typeCode(get, "123456")).text).toContain(tooMany);
    const after = await typeCode(get, "654321");
    expect(after.status).toBe(429);
    expect(after.text).toContain(tooMany);
    expect(after.text).toContain(useLink);
  });
});
