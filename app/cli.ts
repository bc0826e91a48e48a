// `npm run cli -- <command>`: the command-line door. Each command parses its flags with zod and
// calls the same services as the web app.
import fs from "node:fs";
import { parseArgs } from "node:util";
import { z } from "zod";
import { defaultLanguage, getT, type MessageKey } from "~/i18n";
import { commandLine, requireSiteAccess } from "~/services/access.server";
import { createUser, requestSignIn } from "~/services/accounts.server";
import { createCampaign } from "~/services/campaigns.server";
import { exportPackNow } from "~/services/pack/export-job.server";
import { verifyPack } from "~/services/pack-verify.server";
import { db, migrate } from "~/utils/db.server";
import { DomainError } from "~/utils/domain-error";
import { env } from "~/utils/env.server";
import { packFilePath } from "~/utils/pack-files.server";
import { formatNumber, localeOf } from "~/i18n/format";

/** A command resolves to its exit status when it is not 0 (a check that failed). */
const commands: Record<string, { usage: string; run: (args: string[]) => Promise<number | void> }> = {
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
      requireSiteAccess({ actor: commandLine, need: "createCampaign" });
      const created = await createCampaign(input);
      console.log(`Created campaign "${created.slug}": ${created.url}`);
    },
  },
  "user:create": {
    usage: "user:create --email someone@example.org --role campaigner|staff|admin [--name 'Their Name']",
    async run(args) {
      const { values } = parseArgs({ args, options: { email: { type: "string" }, role: { type: "string" }, name: { type: "string" } } });
      requireSiteAccess({ actor: commandLine, need: "managePeople" });
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
  "pack:export": {
    usage: "pack:export <campaign-slug> --out pack.zip",
    async run(args) {
      const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { out: { type: "string" } } });
      const { slug, out } = PackExportArgsSchema.parse({ slug: positionals[0], out: values.out });
      // The progress line is rewritten in place; it ends before anything else is said, error or not.
      const pack = await exportPackNow({
        slug,
        onProgress: (done, total) => process.stderr.write(`\rWriting signatories: ${formatNumber(done, localeOf(defaultLanguage))} of ${formatNumber(total, localeOf(defaultLanguage))}`),
      }).finally(() => process.stderr.write("\n"));
      fs.copyFileSync(packFilePath(pack.file), out);
      console.log(`Exported the signature pack of "${slug}" to ${out} (${pack.bytes} bytes, SHA-256 ${pack.sha256}).`);
    },
  },
  "pack:verify": {
    usage: "pack:verify pack.zip [--key public-key.pem]",
    async run(args) {
      const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { key: { type: "string" } } });
      const { file, key } = PackVerifyArgsSchema.parse({ file: positionals[0], key: values.key });
      for (const path of [file, key]) if (path && !fs.existsSync(path)) throw new UsageError(`No such file: ${path}`);
      const t = getT();
      const check = await verifyPack({ zipFile: file, publicKeyPem: key && fs.readFileSync(key, "utf8"), keyName: key });
      if (!check.ok) {
        console.error(`The pack failed the check. ${t(`pack.verify.problems.${check.problem}`, { file: check.file })}`);
        return 1;
      }
      const { campaign, exportedAt, counts } = check.manifest;
      console.log(
        [
          "The pack is intact: every file matches manifest.json and its signature holds.",
          `  ${t("pack.verify.campaign")}: ${campaign.title} (${campaign.slug})`,
          `  ${t("pack.verify.exportedAt")}: ${exportedAt}`,
          `  ${t("pack.verify.signatures")}: ${counts.signatures}`,
          `  ${t("pack.verify.supportLetters")}: ${counts.supportLetters}`,
          `  ${t("pack.verify.filesChecked")}: ${check.filesChecked}`,
          `  ${t("pack.verify.keyUsed")}: ${check.fingerprint}${key ? "" : " (the key inside the pack: compare it with the fingerprint on the site's /verify-pack page, or pass --key)"}`,
        ].join("\n"),
      );
    },
  },
};

const PackExportArgsSchema = z.object({
  slug: z.string({ error: "Name the campaign: pack:export <campaign-slug> --out pack.zip" }),
  out: z.string({ error: "--out is required: where to write the ZIP file" }),
});
const PackVerifyArgsSchema = z.object({ file: z.string({ error: "Name the ZIP file to check" }), key: z.string().optional() });

class UsageError extends Error {}

async function main([name, ...args]: string[]) {
  const command = name ? commands[name] : undefined;
  if (!command) {
    console.error(`Usage: npm run cli -- <command>\n\nCommands:\n${Object.values(commands).map((c) => `  ${c.usage}`).join("\n")}`);
    return 2;
  }
  await migrate();
  try {
    return (await command.run(args)) ?? 0;
  } catch (error) {
    // A refusal from the domain: one line (or a list) in words, exit code 1.
    if (error instanceof DomainError) {
      console.error(getT()(error.key, error.values));
      return 1;
    }
    if (error instanceof UsageError || error instanceof z.ZodError || (error as { code?: string }).code?.startsWith("ERR_PARSE_ARGS")) {
      const t = getT();
      console.error(error instanceof z.ZodError ? error.issues.map((i) => t(i.message as MessageKey)).join("\n") : (error as Error).message);
      console.error(`Usage: npm run cli -- ${command.usage}`);
      return 2;
    }
    throw error;
  } finally {
    await db.destroy();
  }
}

process.exitCode = await main(process.argv.slice(2));
