import fs from "node:fs";
import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningApp, serverCpuMs, startApp, stopApp } from "../../helpers/app";
import { query } from "../../helpers/db";
import { validSignature } from "../../helpers/http";
import { type Browser, campaignForm, signInAs } from "../../helpers/session";

// A hostile visitor with no account: tiny bodies that conform used to blow up into huge arrays,
// objects and replies, and bodies that never end. Every answer is a 4xx, small and quick, and the
// server's memory stays where it was.

let app: RunningApp;
let campaigner: Browser;
beforeAll(async () => {
  // Behind a proxy, so each request can come from an address of its own and no rate limit is met.
  app = await startApp({ TRUST_PROXY: "1" });
  campaigner = await signInAs(app, "maker@example.org", "campaigner");
});
afterAll(() => stopApp(app));

let address = 0;
const fromNewAddress = () => ({ "X-Forwarded-For": `10.1.${Math.floor(++address / 250)}.${address % 250}` });

function post(path: string, body: string, headers: Record<string, string> = {}) {
  return fetch(`${app.url}${path}`, {
    method: "POST",
    body,
    redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded", ...fromNewAddress(), ...headers },
  });
}

/** The server's resident memory, in MB. */
function rssMb() {
  const status = fs.readFileSync(`/proc/${app.pid()}/status`, "utf8");
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1]) / 1024;
}

describe("a tiny body cannot make a huge reply or a huge heap", () => {
  const hostileBodies = {
    "a numbered field name": "x%5B10000000%5D=1&name=",
    "a declared field with a huge index": "name%5B10000000%5D=1&email=",
    "a name nested 5,000 deep": `${Array.from({ length: 5000 }, () => "b").join(".")}=1&name=`,
    "a list intent with a huge index": `__intent__=${encodeURIComponent(JSON.stringify({ type: "insert", payload: { name: "x", index: 1e8 } }))}&name=`,
    "a broken intent": "__intent__=%7B&name=",
    "conform's state field": `__state__=${encodeURIComponent(JSON.stringify({ junk: "x".repeat(1000) }))}&name=`,
  };
  const forms = {
    "the sign form": "/c/fair-care-now/sign",
    "the sign form of a closed campaign": "/c/old-letter/sign",
    "sign-in": "/sign-in",
    "a letter of support": "/c/fair-care-now/support/new",
  };

  for (const [formName, path] of Object.entries(forms)) {
    it(`${formName}: answers each with a 4xx in under a second of the server's CPU, a reply no more than 10 KB past the page's own, echoing no undeclared field`, async () => {
      const before = rssMb();
      const plainReply = (await (await post(path, "name=")).text()).length;
      for (const [bodyName, body] of Object.entries(hostileBodies)) {
        const started = serverCpuMs(app);
        const response = await post(path, body);
        const html = await response.text();
        const ms = serverCpuMs(app) - started;
        expect([400, 403], `${bodyName}: status`).toContain(response.status);
        expect(html.length - plainReply, `${bodyName}: reply size beyond the page's own`).toBeLessThan(10 * 1024);
        expect(ms, `${bodyName}: the server's CPU, ms`).toBeLessThan(1_000);
        // What the person sent is echoed only through the form's own fields.
        expect(html).not.toContain("10000000");
        expect(html).not.toContain("b.b.b");
        expect(html).not.toContain("junk");
      }
      expect(rssMb() - before).toBeLessThan(20);
    });
  }

  it("the 26-byte body from the report: under 100 ms of the server's CPU, a reply under 10 KB of data, RSS up by less than 20 MB", async () => {
    await post("/c/fair-care-now/sign", "name="); // the route warmed up, as on a running site
    const before = rssMb();
    const started = serverCpuMs(app);
    // A data request (what the page's JavaScript sends) returns only the action's data: the echo itself.
    const response = await post("/c/fair-care-now/sign.data", "x%5B10000000%5D=1&name=");
    const body = await response.text();
    const ms = serverCpuMs(app) - started;
    expect(response.status).toBe(400);
    expect(body.length).toBeLessThan(10 * 1024);
    expect(ms, "the server's CPU, ms").toBeLessThan(100);
    expect(rssMb() - before).toBeLessThan(20);
    expect(body).toContain("errors.nameRequired");
  });

  it("a refusal by the rate limit echoes only the declared fields too, and is decided before the form is read", async () => {
    const same = { "X-Forwarded-For": "10.9.9.9" };
    for (let i = 0; i < 20; i++) await post("/c/fair-care-now/sign", "name=", same);
    const response = await post("/c/fair-care-now/sign.data", `x%5B10000000%5D=1&name=Ann&location=Rhyl`, same);
    expect(response.status).toBe(429);
    const body = await response.text();
    expect(body).toContain("sign.rateLimited");
    expect(body).toContain('"initialValue",{"_');
    expect(body).toContain('"Ann"');
    expect(body).toContain('"Rhyl"');
    expect(body).not.toContain("10000000");
    expect(body.length).toBeLessThan(2_000);
  });

  it("keeps what a person typed, and still signs with the declared fields alongside junk", async () => {
    const response = await post("/c/fair-care-now/sign", `${new URLSearchParams({ ...validSignature, email: "junk@example.org" })}&x%5B99%5D=1&a.b.c.d.e=1`);
    expect(response.status).toBe(302);
    expect(query(app, "select name from signatures where email = 'junk@example.org'")).toEqual([{ name: "Ann Jones" }]);
  });

  it("the campaign editor keeps its recipient list buttons, with an index past 100 dropped", async () => {
    const base = campaignForm({ title: "Lists", slug: "lists-test" }).body as URLSearchParams;
    const add = new URLSearchParams(base);
    add.set("__intent__", JSON.stringify({ type: "insert", payload: { name: "recipients", defaultValue: { role: "cc" } } }));
    const added = await campaigner("/workspace/new", { method: "POST", body: add });
    expect(added.status).toBe(200);
    const html = await added.text();
    expect(html).toContain('name="recipients[1].name"');
    expect(html).not.toContain('name="recipients[2].name"');

    const far = new URLSearchParams(base);
    far.set("recipients[100].name", "Too far");
    far.set("recipients[5000000].name", "Much too far");
    const saved = await campaigner("/workspace/new", { method: "POST", body: far });
    expect(saved.status).toBe(302);
    expect(query(app, "select name from recipients r join campaigns c on c.id = r.campaign_id where c.slug = 'lists-test'")).toEqual([{ name: "Ada Minister" }]);
  });
});

/**
 * Sends a chunked body at a steady pace, as a slow attacker would, until the server answers.
 * Returns the status line and how many bytes had been sent by then.
 */
function sendChunkedUntilAnswered(path: string, totalBytes: number, contentType: string) {
  const url = new URL(app.url);
  return new Promise<{ statusLine: string; sentBytes: number }>((resolve, reject) => {
    const socket = net.connect(Number(url.port), url.hostname);
    let sentBytes = 0;
    let answer = "";
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      clearInterval(timer);
      socket.destroy();
      resolve({ statusLine: answer.split("\r\n")[0], sentBytes });
    };
    socket.on("data", (chunk) => {
      answer += chunk.toString("latin1");
      if (answer.includes("\r\n")) finish();
    });
    socket.on("error", () => finish());
    socket.on("close", () => finish());
    socket.write(`POST ${path} HTTP/1.1\r\nHost: ${url.host}\r\nContent-Type: ${contentType}\r\nTransfer-Encoding: chunked\r\nX-Forwarded-For: 10.200.0.1\r\n\r\n`);
    const chunk = Buffer.alloc(16 * 1024, "a");
    const timer = setInterval(() => {
      if (done) return;
      if (sentBytes >= totalBytes) {
        socket.write("0\r\n\r\n");
        return;
      }
      socket.write(`${chunk.length.toString(16)}\r\n`);
      socket.write(chunk);
      socket.write("\r\n");
      sentBytes += chunk.length;
    }, 2);
    setTimeout(() => (done ? undefined : reject(new Error(`no answer after ${sentBytes} bytes`))), 20_000);
  });
}

describe("bodies are counted as they arrive", () => {
  it("a 10 MB chunked form gets 413 before 1 MB has been sent", async () => {
    const { statusLine, sentBytes } = await sendChunkedUntilAnswered("/c/fair-care-now/sign", 10 * 1024 * 1024, "application/x-www-form-urlencoded");
    expect(statusLine).toBe("HTTP/1.1 413 Payload Too Large");
    expect(sentBytes).toBeLessThan(1024 * 1024);
  });

  it("the same for sign-in and a multipart form", async () => {
    for (const [path, type] of [
      ["/sign-in", "application/x-www-form-urlencoded"],
      ["/c/fair-care-now/sign", "multipart/form-data; boundary=xyz"],
    ]) {
      const { statusLine, sentBytes } = await sendChunkedUntilAnswered(path, 10 * 1024 * 1024, type);
      expect(statusLine, path).toBe("HTTP/1.1 413 Payload Too Large");
      expect(sentBytes, path).toBeLessThan(1024 * 1024);
    }
  });

  it("the server still answers other people afterwards", async () => {
    const response = await fetch(`${app.url}/c/fair-care-now`);
    expect(response.status).toBe(200);
  });
});
