// `npm run cli -- <command>`: the command-line door. Each command parses its flags with zod and
// calls the same services as the web app. It speaks the shell's language (LC_ALL, LC_MESSAGES or
// LANG: Welsh for cy_GB.UTF-8), its words in app/i18n/<language>/cli.ts.
import fs from "node:fs";
import { parseArgs } from "node:util";
import { isMainThread } from "node:worker_threads";
import { z } from "zod";
import { EventCommandSchema, EventSchema } from "~/schemas/events";
import { getT, type MessageKey } from "~/i18n";
import { cliLanguage } from "~/i18n/cli-language";
import { commandLine, requireSiteAccess } from "~/services/access.server";
import { createUser, requestSignIn } from "~/services/accounts.server";
import { createCampaign } from "~/services/campaigns.server";
import { createEvent, openKiosk } from "~/services/events.server";
import { exportPackNow } from "~/services/pack/export-job.server";
import { importPaperKeying } from "~/services/paper.server";
import { verifyPack } from "~/services/pack-verify.server";
import { PrivacyRunArgsSchema } from "~/schemas/privacy";
import { runRetention } from "~/services/retention.server";
import { backupDatabase } from "~/services/backup.server";
import { db, migrate } from "~/utils/db.server";
import { DomainError } from "~/utils/domain-error";
import { env } from "~/utils/env.server";
import { dkimDnsRecord } from "~/utils/email.server";
import { formatNumber } from "~/i18n/format";
import { packFilePath } from "~/utils/pack-files.server";
// db:copy works on two databases, neither through the app's handle, as `npm run db:migrate` does.
// eslint-disable-next-line import/no-restricted-paths
import { copyToPostgres, CopyRefused, type CopyReport, describeDatabaseUrl } from "#db/copy";

const t = getT(cliLanguage());

/** A command resolves to its exit status when it is not 0 (a check that failed). */
const commands: Record<string, { usage: string; run: (args: string[]) => Promise<number | void>; migratesFirst?: false }> = {
  "campaign:create": {
    usage: t("cli.usage.campaignCreate"),
    async run(args) {
      const { values } = parseArgs({ args, options: { file: { type: "string" } } });
      const { file } = z.object({ file: z.string({ error: "cli.errors.fileRequired" }) }).parse(values);
      if (!fs.existsSync(file)) throw new UsageError(t("cli.errors.noSuchFile", { file }));
      let input: unknown;
      try {
        input = JSON.parse(fs.readFileSync(file, "utf8"));
      } catch (error) {
        throw new UsageError(t("cli.errors.notJson", { file, error: (error as Error).message }));
      }
      requireSiteAccess({ actor: commandLine, need: "createCampaign" });
      const created = await createCampaign(input, { messagesIn: cliLanguage() });
      console.log(t("cli.campaignCreated", { slug: created.slug, url: created.url }));
    },
  },
  "user:create": {
    usage: t("cli.usage.userCreate"),
    async run(args) {
      const { values } = parseArgs({ args, options: { email: { type: "string" }, role: { type: "string" }, name: { type: "string" } } });
      requireSiteAccess({ actor: commandLine, need: "managePeople" });
      const user = await createUser(values);
      console.log(t("cli.userCreated", { role: t(`cli.roles.${user.role}`), email: user.email }));
      const signIn = await requestSignIn({ email: user.email });
      if (!signIn) return;
      if (env.SMTP_URL) {
        console.log(t("cli.signInQueued"));
      } else {
        console.log(t("cli.signInLink", { link: signIn.link, code: signIn.code, url: `${env.PUBLIC_URL}/sign-in` }));
      }
    },
  },
  "pack:export": {
    usage: t("cli.usage.packExport"),
    async run(args) {
      const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { out: { type: "string" } } });
      const { slug, out } = PackExportArgsSchema.parse({ slug: positionals[0], out: values.out });
      // The progress line is rewritten in place; it ends before anything else is said, error or not.
      const pack = await exportPackNow({
        slug,
        onProgress: (done, total) => process.stderr.write(`\r${t("cli.exportProgress", { done, total })}`),
      }).finally(() => process.stderr.write("\n"));
      fs.copyFileSync(packFilePath(pack.file), out);
      console.log(t("cli.exported", { slug, out, bytes: pack.bytes, sha256: pack.sha256 }));
    },
  },
  "paper:import": {
    usage: t("cli.usage.paperImport"),
    async run(args) {
      const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { file: { type: "string" }, by: { type: "string" } } });
      const { slug, file, by } = PaperImportArgsSchema.parse({ slug: positionals[0], ...values });
      if (!fs.existsSync(file)) throw new UsageError(t("cli.errors.noSuchFile", { file }));
      const keyed = await importPaperKeying({ slug, byEmail: by, csv: fs.readFileSync(file, "utf8"), messagesIn: cliLanguage() });
      for (const { sheet, compared } of keyed) console.log(compared ? t("cli.paperCompared", { sheet, ...compared }) : t("cli.paperKeyed", { sheet }));
    },
  },
  "pack:verify": {
    usage: t("cli.usage.packVerify"),
    async run(args) {
      const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { key: { type: "string" } } });
      const { file, key } = PackVerifyArgsSchema.parse({ file: positionals[0], key: values.key });
      for (const path of [file, key]) if (path && !fs.existsSync(path)) throw new UsageError(t("cli.errors.noSuchFile", { file: path }));
      const check = await verifyPack({ zipFile: file, publicKeyPem: key && fs.readFileSync(key, "utf8"), keyName: key });
      if (!check.ok) {
        console.error(t("cli.verifyFailed", { problem: t(`pack.verify.problems.${check.problem}`, { file: check.file }) }));
        return 1;
      }
      const { campaign, exportedAt, counts } = check.manifest;
      console.log(
        [
          t("cli.verifyIntact"),
          `  ${t("pack.verify.campaign")}: ${campaign.title} (${campaign.slug})`,
          `  ${t("pack.verify.exportedAt")}: ${exportedAt}`,
          `  ${t("pack.verify.signatures")}: ${counts.signatures}`,
          `  ${t("pack.verify.supportLetters")}: ${counts.supportLetters}`,
          `  ${t("pack.verify.filesChecked")}: ${check.filesChecked}`,
          `  ${t("pack.verify.keyUsed")}: ${check.fingerprint}${key ? "" : t("cli.keyInPack")}`,
        ].join("\n"),
      );
    },
  },
  "event:create": {
    usage: t("cli.usage.eventCreate"),
    async run(args) {
      const { values, positionals } = parseArgs({
        args,
        allowPositionals: true,
        options: { name: { type: "string" }, date: { type: "string" }, until: { type: "string" }, place: { type: "string" }, language: { type: "string" } },
      });
      const flags = EventCommandSchema.parse({ slug: positionals[0], ...values });
      const input = EventSchema.parse({ name: flags.name, place: flags.place, startsOn: flags.date, endsOn: flags.until, language: flags.language });
      const event = await createEvent({ actor: commandLine, slug: flags.slug, input });
      const kiosk = await openKiosk({ actor: commandLine, slug: flags.slug, eventId: event.id });
      const dates = event.startsOn === event.endsOn ? event.startsOn : `${event.startsOn} – ${event.endsOn}`;
      console.log(t("cli.eventCreated", { name: event.name, dates, slug: flags.slug }));
      console.log(t("cli.kioskLink", { link: kiosk.link }));
    },
  },
  "privacy:run": {
    usage: t("cli.usage.privacyRun"),
    async run(args) {
      // --max-batches stops after that many batches of 500 signatures: for testing and operations (the next run resumes).
      const { values } = parseArgs({ args, options: { "as-of": { type: "string" }, "max-batches": { type: "string" } } });
      const flags = PrivacyRunArgsSchema.parse({ asOf: values["as-of"], maxBatches: values["max-batches"] });
      requireSiteAccess({ actor: commandLine, need: "changeSettings" });
      const asOf = flags.asOf ? new Date(`${flags.asOf}T23:59:59.999Z`) : new Date();
      const run = await runRetention({ asOf, maxBatches: flags.maxBatches });
      if (!run) {
        console.error(t("cli.privacy.busy"));
        return 1;
      }
      if (!run.campaigns.length) console.log(t("cli.privacy.noneDue"));
      for (const campaign of run.campaigns) console.log(t(`cli.privacy.${campaign.outcome}`, campaign));
      if (run.stoppedEarly) console.log(t("cli.privacy.stoppedEarly"));
      else console.log(t("cli.privacy.swept", run));
      if (!run.stoppedEarly) console.log(t("cli.privacy.packsDeleted", run));
      return run.campaigns.some((campaign) => campaign.outcome === "failed") ? 1 : undefined;
    },
  },
  "db:backup": {
    usage: t("cli.usage.dbBackup"),
    async run(args) {
      const { values } = parseArgs({ args, options: { out: { type: "string" } } });
      const { out } = z.object({ out: z.string({ error: "cli.backup.outRequired" }).min(1, "cli.backup.outRequired") }).parse(values);
      const backup = await backupDatabase({ out });
      const tables = Object.entries(backup.rows);
      const list = tables.filter(([, rows]) => rows > 0).map(([table, rows]) => `${table} ${formatNumber(rows, cliLanguage())}`).join(", ");
      const total = tables.reduce((sum, [, rows]) => sum + rows, 0);
      console.log(t("cli.backup.done", { source: backup.source, file: out, bytes: backup.bytes, integrity: backup.integrity }));
      console.log(t("cli.backup.rows", { list, tables: tables.length, total }));
      console.log(t("cli.backup.restore"));
      return backup.integrity === "ok" ? undefined : 1;
    },
  },
  "dkim:record": {
    usage: t("cli.usage.dkimRecord"),
    async run(args) {
      parseArgs({ args, options: {} });
      const record = dkimDnsRecord();
      if (!record) {
        console.error(t("cli.dkim.notConfigured"));
        return 1;
      }
      console.log(
        [
          t("cli.dkim.intro", { domain: record.domain, selector: record.selector }),
          `  ${t("cli.dkim.name")}: ${record.name}`,
          `  ${t("cli.dkim.value")}: ${record.value}`,
          "",
          t("cli.dkim.zone"),
          record.zoneLine,
        ].join("\n"),
      );
    },
  },
  "db:copy": {
    usage: t("cli.dbCopy.usage"),
    // It only reads DATABASE_URL: migrating it would change the database it copies (db/copy.ts
    // refuses one that is not up to date instead).
    migratesFirst: false,
    async run(args) {
      const { values } = parseArgs({ args, options: { to: { type: "string" } } });
      const { to } = DbCopyArgsSchema.parse(values);
      console.log(t("cli.dbCopy.copying", { source: describeDatabaseUrl(env.DATABASE_URL), target: describeDatabaseUrl(to) }));
      try {
        const report = await copyToPostgres({ from: env.DATABASE_URL, to, onProgress: (progress) => progress.total && console.error(t("cli.dbCopy.progress", progress)) });
        printCopyReport(report);
        return report.matches ? 0 : 1;
      } catch (error) {
        if (!(error instanceof CopyRefused)) throw error;
        console.error(t(`cli.dbCopy.refused.${error.reason}`, error.values));
        return 1;
      }
    },
  },
};

const PaperImportArgsSchema = z.object({
  slug: z.string({ error: "cli.errors.paperCampaignRequired" }),
  file: z.string({ error: "cli.errors.paperFileRequired" }),
  by: z.string({ error: "cli.errors.paperByRequired" }),
});

const PackExportArgsSchema = z.object({
  slug: z.string({ error: "cli.errors.campaignRequired" }),
  out: z.string({ error: "cli.errors.outRequired" }),
});
const PackVerifyArgsSchema = z.object({ file: z.string({ error: "cli.errors.zipRequired" }), key: z.string().optional() });

const DbCopyArgsSchema = z.object({
  to: z.string({ error: "cli.dbCopy.toRequired" }).regex(/^postgres(ql)?:\/\//, "cli.dbCopy.toNotPostgres"),
});

/** db:copy's answer: the rows copied, each table's count on both sides, the checksums, the verdict. */
function printCopyReport(report: CopyReport) {
  const rate = Math.round(report.rows / Math.max(report.seconds, 0.001));
  console.log(t("cli.dbCopy.copied", { rows: report.rows, tables: report.tables.length, seconds: report.seconds.toFixed(1), rate }));
  const lines = [[t("cli.dbCopy.table"), t("cli.dbCopy.sqlite"), t("cli.dbCopy.postgres")], ...report.tables.map((c) => [c.table, String(c.source), String(c.target)])];
  const widths = lines[0]!.map((_, i) => Math.max(...lines.map((line) => line[i]!.length)));
  for (const line of lines) console.log(line.map((cell, i) => (i ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!))).join("  "));
  for (const checksum of report.checksums) console.log(t("cli.dbCopy.checksum", checksum));
  if (report.matches) {
    console.log(t("cli.dbCopy.matches"));
    return;
  }
  console.log(t("cli.dbCopy.differs"));
  for (const c of report.tables) if (c.source !== c.target) console.log(`  ${t("cli.dbCopy.countDiffers", c)}`);
  for (const c of report.checksums) if (c.source !== c.target) console.log(`  ${t("cli.dbCopy.checksumDiffers", c)}`);
}

class UsageError extends Error {}

/**
 * A mistake on the command line, in words: a zod issue's message is a key; Node's parseArgs says
 * what was wrong in English, so its error is said again from its code and the option it quotes.
 */
function usageMistake(error: Error) {
  if (error instanceof z.ZodError) return error.issues.map((i) => t(i.message as MessageKey)).join("\n");
  const quoted = /'([^']*)'/.exec(error.message)?.[1];
  const code = (error as { code?: string }).code;
  if (quoted === undefined) return error.message;
  if (code === "ERR_PARSE_ARGS_UNKNOWN_OPTION") return t("cli.errors.unknownOption", { option: quoted });
  if (code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE" && error.message.endsWith("argument missing")) return t("cli.errors.optionValueMissing", { option: quoted });
  if (code === "ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL") return t("cli.errors.unexpectedArgument", { argument: quoted });
  return error.message;
}

async function main([name, ...args]: string[]) {
  const command = name ? commands[name] : undefined;
  if (!command) {
    console.error(`${t("cli.usage.title")}\n\n${t("cli.usage.commands")}\n${Object.values(commands).map((c) => `  ${c.usage}`).join("\n")}`);
    return 2;
  }
  if (command.migratesFirst !== false) await migrate();
  try {
    return (await command.run(args)) ?? 0;
  } catch (error) {
    // A refusal from the domain: one line (or a list) in words, exit code 1.
    if (error instanceof DomainError) {
      console.error(t(error.key, error.values));
      return 1;
    }
    if (error instanceof UsageError || error instanceof z.ZodError || (error as { code?: string }).code?.startsWith("ERR_PARSE_ARGS")) {
      console.error(usageMistake(error as Error));
      console.error(t("cli.usage.of", { usage: command.usage }));
      return 2;
    }
    throw error;
  } finally {
    await db.destroy();
  }
}

// Not on a thread of its own: the CLI's bundle is what a pack export's drawing thread runs (letter-pdf-worker.server.ts).
if (isMainThread) process.exitCode = await main(process.argv.slice(2));
