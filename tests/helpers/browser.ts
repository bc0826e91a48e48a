import { AxeBuilder } from "@axe-core/playwright";
import type { Result } from "axe-core";
import { type Browser, type BrowserContext, chromium, type Page, type Response } from "playwright-core";
import { expect } from "vitest";

// Debian's Chromium, never a downloaded one; flags keep it quiet and offline in a container.
export function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium",
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

/** The axe rule sets every page must pass: WCAG 2.0, 2.1 and 2.2 at levels A and AA, plus best practice. */
export const axeTags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa", "best-practice"];

export interface BrowserSession {
  context: BrowserContext;
  page: Page;
  /**
   * Goes to `path` (relative to the app), checks the HTTP status (200 unless told) and runs axe.
   * With JavaScript on, waits for React to hydrate first, so what is checked is what a person uses.
   */
  visit: (path: string, options?: { status?: number }) => Promise<Response>;
  /** Runs axe on the page as it is now; fails with a readable list of violations. */
  expectAccessible: () => Promise<void>;
  /** Resolves once React has hydrated the page (JavaScript on only). */
  hydrated: () => Promise<void>;
  /** Reloads and runs axe. */
  reload: () => Promise<void>;
  /** Fails if a page was left without an axe check, or the browser logged an error; closes the context. */
  close: () => Promise<void>;
}

/**
 * A browser context with one page that keeps account: every page the test lands on (a link
 * followed, a form posted, a reload) must get an axe check before the test moves on, and any
 * console error or uncaught exception in the page fails the test, as console.error does in Node.
 */
export async function openSession(
  browser: Browser,
  baseURL: string,
  { javaScriptEnabled = true, expectedStatuses = [] as number[] } = {},
): Promise<BrowserSession> {
  const context = await browser.newContext({ baseURL, javaScriptEnabled, locale: "en-GB" });
  // Fail fast with the step that failed, well inside the test's own timeout.
  context.setDefaultTimeout(10_000);
  const page = await context.newPage();
  const pageErrors: string[] = [];
  const unchecked: string[] = [];
  let current: { url: string; checked: boolean } | undefined;

  page.on("pageerror", (error) => pageErrors.push(`Uncaught: ${error.stack ?? error.message}`));
  page.on("console", (message) => {
    // Chromium logs each 4xx/5xx as "Failed to load resource", without the address: the response
    // listener below reports those, with it.
    if (message.type() !== "error" || message.text().startsWith("Failed to load resource")) return;
    pageErrors.push(`console.error on ${page.url()}: ${message.text()}`);
  });
  page.on("response", (response) => {
    const status = response.status();
    if (status < 400) return;
    const isPage = response.request().isNavigationRequest() && response.frame() === page.mainFrame();
    if (isPage && expectedStatuses.includes(status)) return;
    pageErrors.push(`HTTP ${status} for ${response.request().method()} ${response.url()}`);
  });
  page.on("framenavigated", (frame) => {
    if (frame !== page.mainFrame() || frame.url() === "about:blank") return;
    const url = frame.url();
    // A jump within the page (skip link, error summary link) is the same page; a reload is a new one.
    if (current && url !== current.url && withoutHash(url) === withoutHash(current.url)) {
      current.url = url;
      return;
    }
    if (current && !current.checked) unchecked.push(current.url);
    current = { url, checked: false };
  });

  async function hydrated() {
    if (!javaScriptEnabled) return;
    // React marks each element it hydrates; <html> is completed last, then the commit follows.
    await page.waitForFunction(() => Object.keys(document.documentElement).some((key) => key.startsWith("__reactFiber")));
    await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 0)));
  }

  async function expectAccessible() {
    await hydrated();
    const results = await new AxeBuilder({ page }).withTags(axeTags).analyze();
    if (results.violations.length) {
      throw new Error(`axe found ${results.violations.length} accessibility violation(s) on ${page.url()}:\n\n${formatViolations(results.violations)}`);
    }
    if (current) current.checked = true;
  }

  async function visit(path: string, { status = 200 } = {}) {
    const response = await page.goto(path);
    if (!response) throw new Error(`No response for ${path}`);
    expect(response.status(), `HTTP status of ${path}`).toBe(status);
    await expectAccessible();
    return response;
  }

  async function reload() {
    await page.reload();
    await expectAccessible();
  }

  async function close() {
    if (current && !current.checked) unchecked.push(current.url);
    await context.close();
    expect(pageErrors, "errors in the browser").toEqual([]);
    expect(unchecked, "pages visited without an axe check").toEqual([]);
  }

  return { context, page, visit, expectAccessible, hydrated, reload, close };
}

function withoutHash(url: string) {
  return url.replace(/#.*$/, "");
}

/** One block per rule: what is wrong, why it matters, and each offending element with axe's advice. */
export function formatViolations(violations: Result[]) {
  return violations
    .map((v) => {
      const nodes = v.nodes
        .map((node) => `    - ${node.target.join(" ")}\n      ${node.html}\n      ${node.failureSummary?.replace(/\n/g, "\n      ")}`)
        .join("\n");
      return `[${v.impact ?? "unknown"}] ${v.id}: ${v.help}\n  ${v.helpUrl}\n${nodes}`;
    })
    .join("\n\n");
}

/** Waits for the server to log a mail it wrote to disk, and returns the confirmation link in it. */
export async function waitForVerifyLink(logs: () => string, { after = 0, timeoutMs = 15_000 } = {}) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const links = [...logs().matchAll(/"links":\["(https?:\/\/[^"]+\/verify\/[A-Za-z0-9_-]+)"/g)].map((m) => m[1]);
    if (links.length > after) return links[after];
    if (Date.now() > deadline) throw new Error(`No verification link in the server log after ${timeoutMs} ms:\n${logs()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
