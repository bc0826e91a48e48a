// Namespace "cli", in English: what `npm run cli -- <command>` prints (app/cli.ts). It speaks the
// language of the shell (LC_ALL, LC_MESSAGES or LANG: app/i18n/cli-language.ts). Command names,
// --options and values such as campaigner|staff|admin are typed as they are in every language; the
// <names> and example files in a usage line may be translated. A pack's check reuses pack.verify.*.
export const cliStrings = {
  cli: {
    usage: {
      title: "Usage: npm run cli -- <command>",
      commands: "Commands:",
      // One command's usage, after a mistake in it: {{usage}} is one of the lines below.
      of: "Usage: npm run cli -- {{usage}}",
      campaignCreate: "campaign:create --file campaign.json",
      userCreate: "user:create --email someone@example.org --role campaigner|staff|admin [--name 'Their Name']",
      packExport: "pack:export <campaign-slug> --out pack.zip",
      packVerify: "pack:verify pack.zip [--key public-key.pem]",
      paperImport: "paper:import <campaign-slug> --file keyed.csv --by someone@example.org",
      eventCreate: "event:create <campaign-slug> --name 'Event name' --date YYYY-MM-DD [--until YYYY-MM-DD] [--place 'Place'] [--language en|cy]",
      // --max-batches is for testing and operations: stop after N batches of 500 signatures (the next run resumes).
      privacyRun: "privacy:run [--as-of YYYY-MM-DD] [--max-batches N]",
      dbBackup: "db:backup --out backup.db",
      dkimRecord: "dkim:record",
    },
    errors: {
      noSuchFile: "No such file: {{file}}",
      notJson: "{{file}} is not valid JSON: {{error}}",
      fileRequired: "--file is required: the path of a campaign JSON file",
      campaignRequired: "Name the campaign: pack:export <campaign-slug> --out pack.zip",
      outRequired: "--out is required: where to write the ZIP file",
      zipRequired: "Name the ZIP file to check",
      paperCampaignRequired: "Name the campaign: paper:import <campaign-slug> --file keyed.csv --by someone@example.org",
      paperFileRequired: "--file is required: the spreadsheet of typed-in rows, saved as CSV",
      paperByRequired: "--by is required: the email address of the person who typed the rows in",
      eventCampaignRequired: "Name the campaign: event:create <campaign-slug> --name 'Event name' --date YYYY-MM-DD",
      eventNameRequired: "--name is required: the name of the event",
      eventDateRequired: "--date is required: the event's first day, as YYYY-MM-DD",
      // The command line itself was wrong (Node's parseArgs): {{option}} is as it was typed.
      unknownOption: "Unknown option '{{option}}'",
      optionValueMissing: "Option '{{option}}' argument missing",
      unexpectedArgument: "Unexpected argument '{{argument}}'. This command does not take positional arguments",
      asOfDate: "--as-of must be a date, as YYYY-MM-DD",
      maxBatches: "--max-batches must be a whole number, 1 or more",
    },
    campaignCreated: "Created campaign \"{{slug}}\": {{url}}",
    // paper:import, one line per sheet in the file. {{sheet}} is its number as printed ("S-0003").
    paperKeyed: "{{sheet}}: first entry saved. A different person must type the sheet in again.",
    paperCompared: "{{sheet}}: second entry saved and compared with the first. Signatures: {{agreed}}. Already signed: {{duplicates}}. Rows to settle on the sheet's page: {{disputed}}.",
    // {{dates}} is the first day, or the first and last ("2026-12-03 – 2026-12-05").
    eventCreated: "Created event \"{{name}}\" ({{dates}}) for \"{{slug}}\", and opened a kiosk for it.",
    kioskLink: "Kiosk link for the tablet on the stand (shown only now; anyone with it can sign at the event):\n{{link}}",
    // {{role}} is one of roles.*
    userCreated: "Created {{role}} account for {{email}}.",
    roles: { campaigner: "campaigner", staff: "staff", admin: "admin" },
    signInQueued: "A sign-in link is queued; the running server sends it.",
    signInLink: "Sign in within 15 minutes: {{link}}\n(or type the code {{code}} at {{url}})",
    // Rewritten in place as the pack is written.
    exportProgress: "Writing signatories: {{done, number}} of {{total, number}}",
    exported: "Exported the signature pack of \"{{slug}}\" to {{out}} ({{bytes}} bytes, SHA-256 {{sha256}}).",
    verifyFailed: "The pack failed the check. {{problem}}",
    verifyIntact: "The pack is intact: every file matches manifest.json and its signature holds.",
    // After the fingerprint, when no --key was given.
    keyInPack: " (the key inside the pack: compare it with the fingerprint on the site's /verify-pack page, or pass --key)",
    // db:backup: an online copy of the SQLite database. {{integrity}} is SQLite's own answer ("ok"
    // when the copy is sound); {{list}} is "campaigns 4, signatures 1,234, …" (table names as in the database).
    backup: {
      outRequired: "--out is required: the new file to write the backup to, like --out /var/backups/undersigned-2026-12-01.db",
      postgres: "`DATABASE_URL` is a PostgreSQL database: back it up with PostgreSQL's own tools (`pg_dump`, see docs/deploy.md). db:backup copies the SQLite database.",
      exists: "{{file}} exists already: name a new file (a backup never writes over one).",
      noFolder: "There is no folder {{folder}} to write the backup in.",
      done: "Backed up {{source}} to {{file}} ({{bytes, number}} bytes). Integrity check: {{integrity}}.",
      rows: "Rows in the backup: {{list}} ({{tables}} tables, {{total, number}} rows in all).",
      restore: "To restore it: stop the server, copy it over the database file, delete the -wal and -shm files beside that file, and start the server (docs/deploy.md).",
    },
    // dkim:record: the DNS record that lets receivers check the DKIM signature on every mail.
    dkim: {
      notConfigured: "DKIM is not set up: set `DKIM_DOMAIN`, `DKIM_SELECTOR` and `DKIM_PRIVATE_KEY` (docs/deploy.md), then run dkim:record again.",
      intro: "Publish this DNS TXT record, so that receivers can check the DKIM signature on mail from {{domain}} (`DKIM_SELECTOR` {{selector}}):",
      name: "Name",
      value: "Value",
      zone: "As a line of a zone file (a value over 255 characters is split into several strings, which resolvers join):",
    },
    // privacy:run, one line per campaign past its retention date, then the sweeps across every campaign.
    privacy: {
      busy: "Another app process is running the retention job right now. Nothing was changed; try again when it has finished.",
      noneDue: "No campaign is past its retention date.",
      anonymised: "{{slug}}: anonymised. Signatures: {{signatures}}. Typed-in sheet rows: {{keyedRows}}. Scans deleted: {{scans}}. Letters of support: {{supportLetters}}. Pack files deleted: {{packs}}.",
      held: "{{slug}}: held back by staff, not anonymised.",
      stopped: "{{slug}}: stopped after {{signatures}} signatures; the next run carries on from there.",
      failed: "{{slug}}: failed (see the log); the other campaigns went on.",
      stoppedEarly: "Stopped at --max-batches; the sweeps did not run.",
      swept: "Unconfirmed signatures over 30 days old deleted: {{unconfirmedDeleted}}. IP addresses over 30 days old erased: {{addressesErased}} from signatures, {{supportLetterAddressesErased}} from letters of support. Addresses erased from mail sent over 30 days ago: {{recipientsErased}}.",
      // Pack retention (issue 19): ZIPs of packs neither delivered nor among their campaign's newest.
      packsDeleted: "Old pack files deleted (not delivered, and not among their campaign's newest): {{packsDeleted}}.",
    },
    // db:copy (README "Growing to PostgreSQL"): {{target}} and {{source}} are database addresses
    // (any password shown as ***), {{file}} an SQLite file's path; table names are the database's own.
    dbCopy: {
      usage: "db:copy --to postgres://user:password@host/database",
      toRequired: "--to is required: the address of the empty PostgreSQL database to copy into, like postgres://user:password@host/undersigned",
      toNotPostgres: "--to must be a PostgreSQL address that starts with postgres://, like postgres://user:password@host/undersigned",
      refused: {
        targetNotPostgres: "--to must be a PostgreSQL address that starts with postgres://, not {{target}}",
        sourceNotSqlite: "`DATABASE_URL` is a PostgreSQL database already ({{source}}): db:copy copies the SQLite database (`file:…`) the app used into PostgreSQL.",
        sourceMissing: "There is no Undersigned database at {{file}}: set `DATABASE_URL` to the SQLite file the app uses, like `file:data/undersigned.db`.",
        sourceNotMigrated: "The SQLite database {{file}} has {{applied}} of the {{total}} migrations applied: run the app or `npm run db:migrate` on it first, then copy it.",
        sourceNewer: "The SQLite database {{file}} was migrated by a newer version of Undersigned ({{migrations}}): copy it with that version.",
        targetUnreachable: "Cannot reach the PostgreSQL database {{target}}: {{error}}. Nothing was copied.",
        targetNotEmpty: "The PostgreSQL database {{target}} already holds data (in the table {{table}}): db:copy copies only into an empty database. Nothing was copied.",
        targetMigrationFailed: "Could not migrate the PostgreSQL database {{target}}: {{error}}. Nothing was copied.",
        targetSchemaDiffers: "After migrating, the PostgreSQL database has no column {{table}}.{{column}}: its tables were not made by these migrations. Nothing was copied.",
        copyFailed: "The copy failed and the PostgreSQL database was left empty: {{error}}",
      },
      copying: "Copying {{source}} to {{target}} …",
      // On stderr, every 10,000 rows of a large table and at the end of each table.
      progress: "{{table}}: {{copied, number}} of {{total, number}} rows",
      copied: "Copied {{rows, number}} rows of {{tables}} tables in {{seconds}} s ({{rate, number}} rows a second).",
      // The heading of the table of row counts, one column per database.
      table: "Table",
      sqlite: "SQLite",
      postgres: "PostgreSQL",
      checksum: "SHA-256 of every row of {{table}}: SQLite {{source}}, PostgreSQL {{target}}",
      matches: "The copy matches: every table has as many rows as in SQLite, and the checksums agree. Point `DATABASE_URL` at the PostgreSQL database to use it.",
      differs: "The copy does not match:",
      countDiffers: "{{table}}: {{source, number}} rows in SQLite, {{target, number}} in PostgreSQL",
      checksumDiffers: "{{table}}: the rows are not the same (the checksums differ)",
    },
  },
};
