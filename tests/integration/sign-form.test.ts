import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningApp, startApp, stopApp } from "../helpers/app";
import { query } from "../helpers/db";
import { postSignature, textOf, validSignature } from "../helpers/http";

// One app for the file: every case here is refused, so nothing a case does can affect another.
let app: RunningApp;
beforeAll(async () => {
  app = await startApp({ TRUST_PROXY: "1" });
});
afterAll(() => stopApp(app));

let ip = 0;
async function submit(fields: Record<string, string>) {
  // A distinct client address per case keeps the per-address rate limit out of these tests.
  const response = await postSignature(app, "fair-care-now", fields, { "X-Forwarded-For": `198.51.100.${++ip}` });
  return { status: response.status, html: await response.text() };
}

const cases: { field: string; change: Record<string, string>; message: string }[] = [
  { field: "name", change: { name: "" }, message: "Enter your full name" },
  { field: "name", change: { name: "   " }, message: "Enter your full name" },
  { field: "name", change: { name: "x".repeat(121) }, message: "Your name must be 120 characters or fewer" },
  { field: "email", change: { email: "" }, message: "Enter your email address" },
  { field: "email", change: { email: "ann.example.org" }, message: "Enter an email address in the correct format, like name@example.com" },
  { field: "email", change: { email: "ann@" }, message: "Enter an email address in the correct format, like name@example.com" },
  { field: "signerType", change: { signerType: "" }, message: "Choose how you are signing" },
  { field: "signerType", change: { signerType: "robot" }, message: "Choose how you are signing" },
  { field: "organisation", change: { signerType: "organisation", organisation: "" }, message: "Enter the name of your organisation" },
  { field: "organisation", change: { signerType: "professional", role: "Nurse", organisation: "" }, message: "Enter the name of your organisation" },
  { field: "organisation", change: { organisation: "o".repeat(201) }, message: "The organisation must be 200 characters or fewer" },
  { field: "role", change: { signerType: "professional", organisation: "NHS Wales", role: "" }, message: "Enter your role or job title" },
  { field: "role", change: { role: "r".repeat(121) }, message: "Your role must be 120 characters or fewer" },
  { field: "location", change: { location: "" }, message: "Enter your town or postcode" },
  { field: "location", change: { location: "l".repeat(101) }, message: "Your town or postcode must be 100 characters or fewer" },
  { field: "comment", change: { comment: "c".repeat(501) }, message: "Your comment must be 500 characters or fewer" },
];

describe("the sign form refuses bad input with a clear message", () => {
  it.each(cases)("$field: $message", async ({ field, change, message }) => {
    const { status, html } = await submit({ ...validSignature, ...change });
    expect(status).toBe(400);
    const text = textOf(html);
    expect(text).toContain("There is a problem");
    // The summary links to the field in error, and the message stands by the field too.
    expect(html).toContain(`<a href="#sign-${field}">${message}</a>`);
    expect(html).toMatch(new RegExp(`id="sign-${field}-error"[^>]*>.*?${message}`));
  });

  it("lists every problem at once and keeps what was typed", async () => {
    const { status, html } = await submit({
      name: "Ann <b>Jones</b>",
      email: "not-an-address",
      signerType: "professional",
      location: "",
      comment: "Keep this comment",
    });
    expect(status).toBe(400);
    for (const field of ["email", "organisation", "role", "location"]) expect(html).toContain(`href="#sign-${field}"`);
    expect(html).not.toContain('href="#sign-name"');
    expect(html).toContain('value="Ann &lt;b&gt;Jones&lt;/b&gt;"');
    expect(html).toContain('value="not-an-address"');
    expect(html).toContain("Keep this comment</textarea>");
    expect(html).toMatch(/value="professional"[^>]*checked|checked[^>]*value="professional"/);
  });

  it("writes nothing and sends nothing for refused input", async () => {
    await submit({ ...validSignature, email: "bad" });
    expect(query(app, "select count(*) as n from signatures")[0]).toEqual({ n: 0 });
    expect(query(app, "select count(*) as n from outbox")[0]).toEqual({ n: 0 });
  });

  it("answers a body that is not a form, or is far too large, with a 4xx", async () => {
    const url = `${app.url}/c/fair-care-now/sign`;
    const json = await fetch(url, { method: "POST", headers: { "Content-Type": "application/json" }, body: "{}" });
    expect(json.status).toBe(415);
    const huge = await fetch(url, { method: "POST", body: new URLSearchParams({ ...validSignature, comment: "x".repeat(100_000) }) });
    expect(huge.status).toBe(413);
    expect(query(app, "select count(*) as n from signatures")[0]).toEqual({ n: 0 });
  });

  it("silently drops a submission that fills the honeypot field", async () => {
    const response = await postSignature(app, "fair-care-now", { ...validSignature, website: "http://spam.example" }, {
      "X-Forwarded-For": "203.0.113.77",
    });
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("/c/fair-care-now/check-email");
    expect(query(app, "select count(*) as n from signatures")[0]).toEqual({ n: 0 });
  });
});
