import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningApp, startApp, stopApp } from "../../helpers/app";

// Clients that hold the server's connections: too slow to send, or too many at once.

let app: RunningApp;
beforeAll(async () => {
  app = await startApp();
});
afterAll(() => stopApp(app));

const port = () => Number(new URL(app.url).port);

/** Opens a connection, sends `start`, then nothing more; resolves with what came back and when it closed. */
function holdOpen(start: string) {
  const opened = Date.now();
  return new Promise<{ answer: string; seconds: number }>((resolve) => {
    const socket = net.connect(port(), "127.0.0.1", () => socket.write(start));
    let answer = "";
    socket.on("data", (chunk) => (answer += chunk.toString("latin1")));
    socket.on("error", () => undefined);
    socket.on("close", () => resolve({ answer, seconds: (Date.now() - opened) / 1000 }));
  });
}

describe("slow clients are cut off", () => {
  it("headers not finished in 20 s close the connection; a form body not finished in 60 s gets 408", { timeout: 90_000 }, async () => {
    const [headers, body] = await Promise.all([
      holdOpen("GET / HTTP/1.1\r\nHost: localhost\r\nX-Slow: "),
      holdOpen("POST /c/fair-care-now/sign HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 1000\r\n\r\nname=Ann"),
    ]);
    expect(headers.seconds).toBeGreaterThanOrEqual(19);
    expect(headers.seconds).toBeLessThan(25);
    expect(body.answer.split("\r\n")[0]).toBe("HTTP/1.1 408 Request Timeout");
    expect(body.seconds).toBeGreaterThanOrEqual(59);
    expect(body.seconds).toBeLessThan(65);
    expect(app.logs()).not.toMatch(/"level":50|Error/);
    expect((await fetch(`${app.url}/c/fair-care-now`)).status).toBe(200);
  });
});

describe("one address cannot hold every connection", () => {
  it("past 256 open connections from one address, more are closed at once; others are still served", async () => {
    const sockets: net.Socket[] = [];
    const connect = () =>
      new Promise<net.Socket>((resolve, reject) => {
        const socket = net.connect(port(), "127.0.0.1", () => resolve(socket));
        socket.on("error", reject);
      });
    try {
      for (let i = 0; i < 256; i++) sockets.push(await connect());
      const extra = await connect();
      const closed = await new Promise<boolean>((resolve) => {
        extra.on("close", () => resolve(true));
        extra.on("error", () => undefined);
        setTimeout(() => resolve(false), 2_000);
      });
      expect(closed).toBe(true);
    } finally {
      for (const socket of sockets) socket.destroy();
    }
    await new Promise((r) => setTimeout(r, 200));
    expect((await fetch(`${app.url}/c/fair-care-now`)).status).toBe(200);
  });

  it("sends Strict-Transport-Security when the site's address is https", async () => {
    await app.stop();
    await app.restart({ PUBLIC_URL: "https://undersigned.example" });
    const response = await fetch(`${app.url}/c/fair-care-now`);
    expect(response.headers.get("strict-transport-security")).toBe("max-age=31536000; includeSubDomains");
  });
});
