import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { cliLanguage } from "~/i18n/cli-language";
import { cliBundle } from "../helpers/cli";

// `npm run cli` speaks the shell's language, as Unix tools do: LC_ALL, then LC_MESSAGES, then LANG.

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, "../..");

/** The CLI with no command: its usage, which needs no database. */
async function usage(env: Record<string, string>) {
  try {
    await run(process.execPath, [cliBundle()], { cwd: root, env: { PATH: process.env.PATH, NODE_ENV: "production", ...env } });
    expect.unreachable("the CLI should exit 2 without a command");
  } catch (error) {
    return error as { code: number; stdout: string; stderr: string };
  }
}

describe("the CLI's language", () => {
  it("is Welsh when the first of LC_ALL, LC_MESSAGES and LANG that is set starts with cy", () => {
    expect(cliLanguage({ LANG: "cy_GB.UTF-8" })).toBe("cy");
    expect(cliLanguage({ LC_MESSAGES: "cy_GB.UTF-8", LANG: "en_GB.UTF-8" })).toBe("cy");
    expect(cliLanguage({ LC_ALL: "", LC_MESSAGES: "cy", LANG: "en_GB.UTF-8" })).toBe("cy");
    expect(cliLanguage({ LC_ALL: "en_GB.UTF-8", LANG: "cy_GB.UTF-8" })).toBe("en");
    expect(cliLanguage({ LANG: "C.UTF-8" })).toBe("en");
    expect(cliLanguage({})).toBe("en");
  });

  it("prints its usage in Welsh with LANG=cy_GB.UTF-8", async () => {
    const { code, stdout, stderr } = await usage({ LANG: "cy_GB.UTF-8" });
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toContain("Defnydd: npm run cli -- <gorchymyn>");
    expect(stderr).toContain("Gorchmynion:");
    expect(stderr).toContain("pack:verify pecyn.zip [--key allwedd-gyhoeddus.pem]");
    expect(stderr).not.toContain("Usage");
  });

  it("prints it in English otherwise", async () => {
    const { code, stderr } = await usage({ LANG: "en_GB.UTF-8" });
    expect(code).toBe(2);
    expect(stderr).toContain("Usage: npm run cli -- <command>");
    expect(stderr).toContain("pack:verify pack.zip [--key public-key.pem]");
  });
});
