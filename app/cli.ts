// `npm run cli -- <command>`: the command-line door. Each command parses its flags with zod and
// calls the same services as the web app.
import fs from "node:fs";
import { parseArgs } from "node:util";
import { z } from "zod";
import { getT } from "~/i18n";
import { AccountError, createUser, requestSignIn } from "~/services/accounts.server";
import { CampaignInputError, createCampaign } from "~/services/campaigns.server";
import { db, migrate } from "~/utils/db.server";
import { env } from "~/utils/env.server";

const commands: Record<string, { usage: string; run: (args: string[]) => Promise<void> }> = {
  "campaign:create": {
    usage: "campaign:create --file campaign.json",
    async run(args) {
      const { values } = parseArgs({ args, options: { file: { type: "string" } } });
      const { file } = z.object({ file: z.string({ error: "--file is required: the path of a campaign JSON file" }) }).parse(values);
      if (!fs.existsSync(file)) throw new UsageError(`No such file: ${file}`);
      let input: unknown;
      try {
        input = JSON.parse(fs.readFileSync(file, "utf8"));
      } catch (error) {
        throw new UsageError(`${file} is not valid JSON: ${(error as Error).message}`);
      }
      const created = await createCampaign(input);
      console.log(`Created campaign "${created.slug}": ${created.url}`);
    },
  },
  "user:create": {
    usage: "user:create --email someone@example.org --role campaigner|staff|admin [--name 'Their Name']",
    async run(args) {
      const { values } = parseArgs({ args, options: { email: { type: "string" }, role: { type: "string" }, name: { type: "string" } } });
      const user = await createUser(values);
      console.log(`Created ${user.role} account for ${user.email}.`);
      const signIn = await requestSignIn({ email: user.email });
      if (!signIn) return;
      if (env.SMTP_URL) {
        console.log("A sign-in link is queued; the running server sends it.");
      } else {
        console.log(`Sign in within 15 minutes: ${signIn.link}\n(or type the code ${signIn.code} at ${env.PUBLIC_URL}/sign-in)`);
      }
    },
  },
};

class UsageError extends Error {}

async function main([name, ...args]: string[]) {
  const command = name ? commands[name] : undefined;
  if (!command) {
    console.error(`Usage: npm run cli -- <command>\n\nCommands:\n${Object.values(commands).map((c) => `  ${c.usage}`).join("\n")}`);
    return 2;
  }
  await migrate();
  try {
    await command.run(args);
    return 0;
  } catch (error) {
    if (error instanceof CampaignInputError) {
      console.error(`The campaign was not created. Fix these and try again:\n${error.problems.map((p) => `  - ${p}`).join("\n")}`);
      return 1;
    }
    if (error instanceof AccountError) {
      console.error(error.message);
      return 1;
    }
    if (error instanceof UsageError || error instanceof z.ZodError || (error as { code?: string }).code?.startsWith("ERR_PARSE_ARGS")) {
      const t = getT();
      console.error(error instanceof z.ZodError ? error.issues.map((i) => t(i.message)).join("\n") : (error as Error).message);
      console.error(`Usage: npm run cli -- ${command.usage}`);
      return 2;
    }
    throw error;
  } finally {
    await db.destroy();
  }
}

process.exitCode = await main(process.argv.slice(2));
