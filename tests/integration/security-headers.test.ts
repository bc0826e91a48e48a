import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningApp, startApp, stopApp } from "../helpers/app";

let app: RunningApp;
beforeAll(async () => {
  app = await startApp();
});
afterAll(() => stopApp(app));

async function policyAndScripts(path: string) {
  const response = await fetch(`${app.url}${path}`);
  const html = await response.text();
  const policy = response.headers.get("content-security-policy") ?? "";
  const nonce = /script-src 'self' 'nonce-([A-Za-z0-9+/=]+)'/.exec(policy)?.[1];
  const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
  return { status: response.status, policy, nonce, scripts };
}

describe("Content-Security-Policy", () => {
  it("lets a page run only its own scripts, each inline one carrying this response's nonce", async () => {
    const { status, policy, nonce, scripts } = await policyAndScripts("/c/fair-care-now");
    expect(status).toBe(200);
    expect(policy).toContain("default-src 'self'");
    expect(policy).toContain("style-src 'self'");
    expect(policy).toContain("object-src 'none'");
    expect(policy).toContain("frame-ancestors 'none'");
    expect(policy).not.toContain("unsafe-inline");
    expect(nonce).toBeDefined();
    expect(scripts.length).toBeGreaterThan(1);
    for (const script of scripts) expect(script).toContain(`nonce="${nonce}"`);
  });

  it("gives every response a fresh nonce, error pages too", async () => {
    const first = await policyAndScripts("/");
    const second = await policyAndScripts("/");
    const missing = await policyAndScripts("/c/no-such-campaign");
    expect(missing.status).toBe(404);
    const nonces = [first.nonce, second.nonce, missing.nonce];
    expect(nonces.every(Boolean)).toBe(true);
    expect(new Set(nonces).size).toBe(3);
    for (const script of missing.scripts) expect(script).toContain(`nonce="${missing.nonce}"`);
  });
});
