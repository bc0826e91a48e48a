import { AxeBuilder } from "@axe-core/playwright";
import type { Result } from "axe-core";
import { type Browser, type BrowserContext, chromium, type Locator, type Page, type Response } from "playwright-core";
import { afterAll, afterEach, beforeAll, beforeEach, expect } from "vitest";
import { type RunningApp, startApp, stopApp } from "./app";

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
   * Goes to `path` (relative to the app), checks the HTTP status (200 unless told), waits for React
   * to hydrate (JavaScript on), so what is checked is what a person uses, and runs axe.
   */
  visit: (path: string, options?: { status?: number }) => Promise<Response>;
  /** Runs axe on the page as it is now; fails with a readable list of violations. */
  expectAccessible: () => Promise<void>;
  /** Resolves once React has hydrated the page (JavaScript on only). */
  hydrated: () => Promise<void>;
  /** Reloads, waits for hydration and runs axe. */
  reload: () => Promise<void>;
  /** Fails if a page was left without an axe check, or the browser logged an error; closes the context. */
  close: () => Promise<void>;
}

/** Sessions opened and not closed yet: `withBrowserAndApp` closes them after each test. */
const openSessions = new Set<BrowserSession>();

/**
 * The hooks of an end-to-end test file: one Chromium for the file, and the app started once for the
 * file or, with `appPerTest`, afresh for each test (reading `env` each time); `use` is handed both
 * once they have started. After each test every session it opened is closed, which fails the test
 * on a page left without an axe check or an error in the browser.
 */
export function withBrowserAndApp(
  use: (started: { browser: Browser; app: RunningApp }) => void,
  { appPerTest = false, env = () => ({}) }: { appPerTest?: boolean; env?: () => Record<string, string> } = {},
) {
  let browser: Browser | undefined;
  let app: RunningApp | undefined;
  async function start() {
    app = await startApp(env());
    use({ browser: browser!, app });
  }
  beforeAll(async () => {
    browser = await launchBrowser();
    if (!appPerTest) await start();
  });
  if (appPerTest) beforeEach(start);
  afterEach(async () => {
    try {
      const closing = await Promise.allSettled([...openSessions].map((session) => session.close()));
      const failed = closing.find((result) => result.status === "rejected");
      if (failed) throw failed.reason;
    } finally {
      if (appPerTest) await stopApp(app);
    }
  });
  afterAll(async () => {
    try {
      if (!appPerTest) await stopApp(app);
    } finally {
      await browser?.close();
    }
  });
}

/**
 * A browser context with one page that keeps account: every page the test lands on (a link
 * followed, a form posted, a reload) must get an axe check before the test moves on, and any
 * console error or uncaught exception in the page fails the test, as console.error does in Node.
 */
export async function openSession(
  browser: Browser,
  baseURL: string,
  {
    javaScriptEnabled = true,
    /** Statuses a page the test visits may have on purpose (a 400 form, a 404), not counted as errors. */
    expectedStatuses = [] as number[],
  } = {},
): Promise<BrowserSession> {
  const context = await browser.newContext({ baseURL, javaScriptEnabled, locale: "en-GB" });
  // Fail fast with the step that failed, well inside the test's own timeout.
  context.setDefaultTimeout(10_000);
  const page = await context.newPage();
  const pageErrors: string[] = [];
  const unchecked: string[] = [];
  let current: { key: string; url: string; checked: boolean } | undefined;

  page.on("pageerror", (error) => pageErrors.push(`Uncaught: ${error.stack ?? error.message}`));
  // Chromium logs each 4xx/5xx it loads as a console error, the address in the message's location.
  // A page the test expects to be a 400 or 404 is not an error; anything else (a script, a
  // stylesheet, a count.json refresh) is.
  const pageStatuses = new Map<string, number>();
  page.on("response", (response) => {
    if (response.request().isNavigationRequest() && response.frame() === page.mainFrame()) pageStatuses.set(response.url(), response.status());
  });
  page.on("console", (message) => {
    if (message.type() !== "error") return;
    const url = message.location().url;
    const failed = message.text().match(/^Failed to load resource: the server responded with a status of (\d{3})/);
    if (failed) {
      const status = Number(failed[1]);
      if (pageStatuses.get(url) === status && expectedStatuses.includes(status)) return;
      pageErrors.push(`HTTP ${status} for ${url}`);
      return;
    }
    pageErrors.push(`console.error on ${page.url()}: ${message.text()}`);
  });

  // A page is one document (counted by its navigation requests: a link followed without
  // JavaScript, a form posted, a reload) or one client-side route; a jump to #fragment or a
  // history.replaceState on the same address is not a new page.
  let documents = 0;
  page.on("request", (request) => {
    if (request.isNavigationRequest() && request.frame() === page.mainFrame()) documents += 1;
  });
  page.on("framenavigated", (frame) => {
    if (frame !== page.mainFrame() || frame.url() === "about:blank") return;
    const key = `${documents} ${withoutHash(frame.url())}`;
    if (current?.key === key) return;
    if (current && !current.checked) unchecked.push(current.url);
    current = { key, url: frame.url(), checked: false };
  });

  async function hydrated() {
    if (!javaScriptEnabled) return;
    // React marks each element it hydrates; <html> is completed last, then the commit follows.
    await page.waitForFunction(() => Object.keys(document.documentElement).some((key) => key.startsWith("__reactFiber")));
    await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 0)));
  }

  async function expectAccessible() {
    const results = javaScriptEnabled ? await runAxe(page) : await withStandInClock(page, () => runAxe(page));
    if (results.violations.length) {
      throw new Error(`axe found ${results.violations.length} accessibility violation(s) on ${page.url()}:\n\n${formatViolations(results.violations)}`);
    }
    if (current) current.checked = true;
  }

  async function visit(path: string, { status = 200 } = {}) {
    const response = await page.goto(path);
    if (!response) throw new Error(`No response for ${path}`);
    expect(response.status(), `HTTP status of ${path}`).toBe(status);
    await hydrated();
    await expectAccessible();
    return response;
  }

  async function reload() {
    await page.reload();
    await hydrated();
    await expectAccessible();
  }

  async function close() {
    openSessions.delete(session);
    if (current && !current.checked) unchecked.push(current.url);
    await context.close();
    expect(pageErrors, "errors in the browser").toEqual([]);
    expect(unchecked, "pages visited without an axe check").toEqual([]);
  }

  const session = { context, page, visit, expectAccessible, hydrated, reload, close };
  openSessions.add(session);
  return session;
}

// "Legacy mode" runs axe in the page itself rather than finishing in a fresh page of the same
// context: quicker, and that fresh page would have scripts off too. It does not reach into
// iframes, and the app has none.
function runAxe(page: Page) {
  return new AxeBuilder({ page }).withTags(axeTags).setLegacyMode(true).analyze();
}

/**
 * axe waits on timers, and timers never fire while scripts are off (turning scripts back on
 * through the DevTools protocol does not revive them for a parsed page). So for the audit alone
 * the page gets a stand-in clock: setTimeout queues its callback, and this side fires the earliest
 * one each time the page is otherwise idle, as a real clock would, until axe has finished. The
 * page's own scripts were skipped when it was parsed, so what is checked is exactly what a visitor
 * without JavaScript has.
 */
async function withStandInClock<T>(page: Page, run: () => Promise<T>) {
  await page.evaluate(() => {
    const w = window as unknown as Record<string, unknown>;
    const timers: { id: number; due: number; fire: () => void }[] = [];
    let now = 0;
    let nextId = 1;
    w.__realTimers = { setTimeout: window.setTimeout, clearTimeout: window.clearTimeout };
    w.setTimeout = (fn: (...a: unknown[]) => void, ms = 0, ...args: unknown[]) => {
      const id = nextId++;
      timers.push({ id, due: now + Math.max(0, Number(ms) || 0), fire: () => fn(...args) });
      return id;
    };
    w.clearTimeout = (id: number) => {
      const index = timers.findIndex((t) => t.id === id);
      if (index >= 0) timers.splice(index, 1);
    };
    w.__fireNextTimer = () => {
      if (!timers.length) return false;
      timers.sort((a, b) => a.due - b.due || a.id - b.id);
      const timer = timers.shift()!;
      now = timer.due;
      timer.fire();
      return true;
    };
  });
  let settled = false;
  const result = run().finally(() => (settled = true));
  result.catch(() => {}); // handled by the caller, even if the clock below fails first
  try {
    while (!settled) {
      const fired = await page.evaluate(() => (window as unknown as { __fireNextTimer: () => boolean }).__fireNextTimer());
      if (!fired) await new Promise((r) => setTimeout(r, 5));
    }
  } finally {
    await page.evaluate(() => {
      const w = window as unknown as Record<string, unknown> & { __realTimers: Record<string, unknown> };
      Object.assign(w, w.__realTimers);
    });
  }
  return result;
}

function withoutHash(url: string) {
  return url.replace(/#.*$/, "");
}

/** One block per rule: its impact and what is wrong, where to read more, and each offending element with axe's advice. */
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

/** Whether all of the element is on screen (the viewport, after any scrolling), give or take a pixel's rounding. */
export async function isOnScreen(locator: Locator) {
  const box = await locator.boundingBox();
  const viewport = locator.page().viewportSize();
  if (!box || !viewport) return false;
  return box.y > -1 && box.x > -1 && box.y + box.height < viewport.height + 1 && box.x + box.width < viewport.width + 1;
}

/**
 * The links whose path matches `path` (a regular expression's source) in mail the server wrote to
 * its outbox folder (no SMTP_URL) and logged, oldest first; one a message.
 */
export function loggedLinks(logs: () => string, path: string) {
  return [...logs().matchAll(new RegExp(`"links":\\[(?:"[^"]*",)*"(https?://[^"]+${path})"`, "g"))].map((m) => m[1]);
}

/** Waits for the server to log such a link after the `after` logged before, and returns it. */
export async function waitForLoggedLink(logs: () => string, path: string, { after = 0, timeoutMs = 15_000 } = {}) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const links = loggedLinks(logs, path);
    if (links.length > after) return links[after];
    if (Date.now() > deadline) throw new Error(`No link like ${path} in the server log after ${timeoutMs} ms:\n${logs()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Waits for the server to log a mail with a confirmation link, and returns the link. */
export function waitForVerifyLink(logs: () => string, options?: { after?: number; timeoutMs?: number }) {
  return waitForLoggedLink(logs, "/verify/[\\w-]+", options);
}

/**
 * Signs staff in as a person does: the sign-in form, the link the server mailed (and logged), the
 * "Continue" button. Each page on the way is checked with axe; ends on the workspace's first page.
 */
export async function signInByEmail(session: BrowserSession, logs: () => string, email: string, landing: string) {
  const { page } = session;
  const sees = async (heading: string) => {
    await page.getByRole("heading", { level: 1, name: heading }).waitFor();
    await session.hydrated();
    await session.expectAccessible();
  };
  const before = loggedLinks(logs, "/sign-in/[\\w-]{43}").length;
  await session.visit("/sign-in");
  await page.getByLabel("Email address").fill(email);
  await page.getByRole("button", { name: "Email me a sign-in link" }).click();
  await sees("Check your email");
  await session.visit(new URL(await waitForLoggedLink(logs, "/sign-in/[\\w-]{43}", { after: before })).pathname);
  await page.getByRole("button", { name: "Continue" }).click();
  await sees(landing);
}
