import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, openSession } from "../helpers/browser";

// The audit must not pass by not running: without JavaScript axe needs a stand-in clock, so check
// that it still reports what it should, with and without JavaScript.
const badPage = `<!doctype html><html><head><title>Bad</title></head><body>
  <main><h1>Bad</h1><img src="data:,"><p style="color:#aaa;background:#fff">Pale text</p>
  <label>Name</label><input type="text"></main></body></html>`;

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe("the accessibility check used on every page", () => {
  it.each([true, false])("reports violations readably (JavaScript %s)", async (javaScriptEnabled) => {
    const session = await openSession(browser, "http://localhost", { javaScriptEnabled });
    await session.page.setContent(badPage);
    const failure = await session.expectAccessible().then(
      () => undefined,
      (error: Error) => error.message,
    );
    expect(failure).toMatch(/^axe found 4 accessibility violation\(s\)/);
    for (const rule of ["html-has-lang", "image-alt", "color-contrast", "label"]) expect(failure).toContain(`${rule}: `);
    expect(failure).toContain("<img src=\"data:,\">");
    await session.close();
  });
});
