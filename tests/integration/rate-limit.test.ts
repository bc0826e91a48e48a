import { afterEach, expect, it } from "vitest";
import { type RunningApp, startApp, stopApp } from "../helpers/app";
import { query } from "../helpers/db";
import { postSignature, textOf, validSignature } from "../helpers/http";

let app: RunningApp | undefined;
afterEach(() => stopApp(app));

const signAs = (n: number, headers: Record<string, string> = {}) =>
  postSignature(app!, "fair-care-now", { ...validSignature, email: `person${n}@example.org` }, headers);

it("slows one address down after a burst, with a message and the values kept, and ignores X-Forwarded-For without a proxy", async () => {
  app = await startApp();
  // A spoofed header changes nothing when the app is not behind a proxy.
  for (let n = 1; n <= 20; n++) expect((await signAs(n, { "X-Forwarded-For": `203.0.113.${n}` })).status).toBe(302);
  const limited = await signAs(21, { "X-Forwarded-For": "203.0.113.99" });
  expect(limited.status).toBe(429);
  const html = await limited.text();
  expect(textOf(html)).toContain("Too many signatures have come from your network");
  expect(html).toContain('value="person21@example.org"');
  expect(query(app, "select count(*) as n from signatures")[0]).toEqual({ n: 20 });
});

it("behind a proxy (TRUST_PROXY=1) limits by the address the proxy saw", async () => {
  app = await startApp({ TRUST_PROXY: "1" });
  for (let n = 1; n <= 20; n++) expect((await signAs(n, { "X-Forwarded-For": `10.9.9.9, 203.0.113.5` })).status).toBe(302);
  expect((await signAs(21, { "X-Forwarded-For": "203.0.113.5" })).status).toBe(429);
  // Another client behind the same proxy is not held back by the first.
  expect((await signAs(22, { "X-Forwarded-For": "203.0.113.6" })).status).toBe(302);
  const stored = query<{ ip_address: string }>(app, "select distinct ip_address from signatures order by ip_address");
  expect(stored.map((r) => r.ip_address)).toEqual(["203.0.113.5", "203.0.113.6"]);
});
