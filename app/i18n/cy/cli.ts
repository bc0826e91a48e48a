// Namespace "cli", in Welsh (Cymraeg): what `npm run cli -- <command>` prints (app/cli.ts). It speaks the
// language of the shell (LC_ALL, LC_MESSAGES or LANG: app/i18n/cli-language.ts). Command names,
// --options and values such as campaigner|staff|admin are typed as they are in every language; the
// <names> and example files in a usage line may be translated. A pack's check reuses pack.verify.*.
export const cliStrings = {
  cli: {
    usage: {
      title: "Defnydd: npm run cli -- <gorchymyn>",
      commands: "Gorchmynion:",
      // One command's usage, after a mistake in it: {{usage}} is one of the lines below.
      of: "Defnydd: npm run cli -- {{usage}}",
      campaignCreate: "campaign:create --file ymgyrch.json",
      userCreate: "user:create --email rhywun@example.org --role campaigner|staff|admin [--name 'Eu Henw']",
      packExport: "pack:export <ymgyrch> --out pecyn.zip",
      packVerify: "pack:verify pecyn.zip [--key allwedd-gyhoeddus.pem]",
      paperImport: "paper:import <ymgyrch> --file rhesi.csv --by rhywun@example.org",
      eventCreate: "event:create <ymgyrch> --name 'Y digwyddiad' --date 2026-12-03 [--until 2026-12-04] [--place 'Lle'] [--language en|cy]",
      // --max-batches is for testing and operations: stop after N batches of 500 signatures (the next run resumes).
      privacyRun: "privacy:run [--as-of 2027-01-31] [--max-batches N]",
      dbBackup: "db:backup --out copi-wrth-gefn.db",
      dkimRecord: "dkim:record",
    },
    errors: {
      noSuchFile: "Nid oes ffeil o'r enw {{file}}",
      notJson: "Nid yw {{file}} yn JSON dilys: {{error}}",
      fileRequired: "Mae angen --file: llwybr ffeil JSON yr ymgyrch",
      campaignRequired: "Enwch yr ymgyrch: pack:export <ymgyrch> --out pecyn.zip",
      outRequired: "Mae angen --out: ble i gadw'r ffeil ZIP",
      zipRequired: "Enwch y ffeil ZIP i'w gwirio",
      paperCampaignRequired: "Enwch yr ymgyrch: paper:import <ymgyrch> --file rhesi.csv --by rhywun@example.org",
      paperFileRequired: "Mae angen --file: y daenlen o resi wedi'u teipio, wedi'i chadw fel CSV",
      paperByRequired: "Mae angen --by: cyfeiriad e-bost y person a deipiodd y rhesi",
      eventCampaignRequired: "Enwch yr ymgyrch: event:create <ymgyrch> --name 'Y digwyddiad' --date 2026-12-03",
      eventNameRequired: "Mae angen --name: enw'r digwyddiad",
      eventDateRequired: "Mae angen --date: diwrnod cyntaf y digwyddiad, fel 2026-12-03",
      // The command line itself was wrong (Node's parseArgs): {{option}} is as it was typed.
      unknownOption: "Dewis anhysbys '{{option}}'",
      optionValueMissing: "Mae angen gwerth ar ôl '{{option}}'",
      unexpectedArgument: "Nid oedd disgwyl '{{argument}}': dim ond dewisiadau (--…) y mae'r gorchymyn hwn yn eu derbyn",
      asOfDate: "Rhaid i --as-of fod yn ddyddiad, fel 2027-01-31",
      maxBatches: "Rhaid i --max-batches fod yn rhif cyfan, 1 neu fwy",
    },
    campaignCreated: "Wedi creu'r ymgyrch \"{{slug}}\": {{url}}",
    paperKeyed: "{{sheet}}: mae'r cofnod cyntaf wedi'i gadw. Rhaid i berson gwahanol deipio'r daflen eto.",
    paperCompared: "{{sheet}}: mae'r ail gofnod wedi'i gadw a'i gymharu â'r cyntaf. Llofnodion: {{agreed}}. Wedi llofnodi'n barod: {{duplicates}}. Rhesi i'w setlo ar dudalen y daflen: {{disputed}}.",
    // {{dates}} is the first day, or the first and last ("2026-12-03 – 2026-12-05").
    eventCreated: "Wedi creu'r digwyddiad \"{{name}}\" ({{dates}}) ar gyfer \"{{slug}}\", ac wedi agor ciosg ar ei gyfer.",
    kioskLink: "Dolen y ciosg ar gyfer y llechen ar y stondin (dim ond nawr y caiff ei dangos; gall unrhyw un sydd â hi lofnodi yn y digwyddiad):\n{{link}}",
    // {{role}} is one of roles.*
    userCreated: "Wedi creu cyfrif {{role}} ar gyfer {{email}}.",
    roles: { campaigner: "ymgyrchydd", staff: "staff", admin: "gweinyddwr" },
    signInQueued: "Mae dolen mewngofnodi yn y ciw; bydd y gweinydd sy'n rhedeg yn ei hanfon.",
    signInLink: "Mewngofnodwch o fewn 15 munud: {{link}}\n(neu teipiwch y cod {{code}} yn {{url}})",
    // Rewritten in place as the pack is written.
    exportProgress: "Wrthi'n ysgrifennu llofnodwyr: {{done, number}} o {{total, number}}",
    exported: "Wedi allforio pecyn llofnodion \"{{slug}}\" i {{out}} ({{bytes}} beit, SHA-256 {{sha256}}).",
    verifyFailed: "Methodd y pecyn y gwiriad. {{problem}}",
    verifyIntact: "Mae'r pecyn yn gyfan: mae pob ffeil yn cyfateb i manifest.json ac mae llofnod y maniffest yn ddilys.",
    // After the fingerprint, when no --key was given.
    keyInPack: " (yr allwedd yn y pecyn: cymharwch hi â'r ôl bys ar dudalen /verify-pack y wefan, neu rhowch --key)",
    // db:backup: an online copy of the SQLite database. {{integrity}} is SQLite's own answer ("ok"
    // when the copy is sound); {{list}} is "campaigns 4, signatures 1,234, …" (table names as in the database).
    backup: {
      outRequired: "Mae angen --out: y ffeil newydd i gadw'r copi wrth gefn ynddi, fel --out /var/backups/undersigned-2026-12-01.db",
      postgres: "Mae `DATABASE_URL` yn gronfa ddata PostgreSQL: gwnewch gopi wrth gefn ohoni ag offer PostgreSQL ei hun (`pg_dump`, gweler docs/deploy.md). Mae db:backup yn copïo'r gronfa ddata SQLite.",
      exists: "Mae {{file}} yn bod yn barod: rhowch enw ffeil newydd (nid yw copi wrth gefn byth yn ysgrifennu dros ffeil).",
      noFolder: "Nid oes ffolder {{folder}} i gadw'r copi wrth gefn ynddi.",
      done: "Wedi gwneud copi wrth gefn o {{source}} yn {{file}} ({{bytes, number}} beit). Gwiriad cywirdeb: {{integrity}}.",
      rows: "Rhesi yn y copi: {{list}} ({{tables}} tabl, {{total, number}} rhes i gyd).",
      restore: "I'w adfer: ataliwch y gweinydd, copïwch ef dros ffeil y gronfa ddata, dilëwch y ffeiliau -wal a -shm wrth ymyl y ffeil honno, a dechreuwch y gweinydd (docs/deploy.md).",
    },
    // dkim:record: the DNS record that lets receivers check the DKIM signature on every mail.
    dkim: {
      notConfigured: "Nid yw DKIM wedi'i osod: gosodwch `DKIM_DOMAIN`, `DKIM_SELECTOR` a `DKIM_PRIVATE_KEY` (docs/deploy.md), yna rhedwch dkim:record eto.",
      intro: "Cyhoeddwch y cofnod DNS TXT hwn, er mwyn i dderbynwyr allu gwirio'r llofnod DKIM ar negeseuon o {{domain}} (`DKIM_SELECTOR` {{selector}}):",
      name: "Enw",
      value: "Gwerth",
      zone: "Fel llinell mewn ffeil parth (caiff gwerth dros 255 nod ei rannu'n sawl llinyn, a chaiff y rheini eu huno wrth eu darllen):",
    },
    // privacy:run, one line per campaign past its retention date, then the sweeps across every campaign.
    privacy: {
      busy: "Mae proses arall yr ap yn rhedeg y gwaith cadw data ar hyn o bryd. Ni newidiwyd dim; rhowch gynnig arall arni pan fydd wedi gorffen.",
      noneDue: "Nid oes unrhyw ymgyrch wedi mynd heibio i'w dyddiad cadw.",
      anonymised: "{{slug}}: wedi'i gwneud yn ddienw. Llofnodion: {{signatures}}. Rhesi taflenni a deipiwyd: {{keyedRows}}. Sganiau wedi'u dileu: {{scans}}. Llythyrau cefnogaeth: {{supportLetters}}. Ffeiliau pecyn wedi'u dileu: {{packs}}.",
      held: "{{slug}}: wedi'i dal yn ôl gan staff, heb ei gwneud yn ddienw.",
      stopped: "{{slug}}: wedi stopio ar ôl {{signatures}} llofnod; bydd y rhediad nesaf yn parhau o'r fan honno.",
      failed: "{{slug}}: wedi methu (gweler y log); aeth yr ymgyrchoedd eraill yn eu blaen.",
      stoppedEarly: "Wedi stopio ar --max-batches; ni redodd y camau glanhau ar draws pob ymgyrch.",
      swept: "Llofnodion heb eu cadarnhau dros 30 diwrnod oed wedi'u dileu: {{unconfirmedDeleted}}. Cyfeiriadau IP dros 30 diwrnod oed wedi'u dileu: {{addressesErased}} o lofnodion, {{supportLetterAddressesErased}} o lythyrau cefnogaeth. Cyfeiriadau wedi'u dileu o negeseuon a anfonwyd dros 30 diwrnod yn ôl: {{recipientsErased}}.",
      packsDeleted: "Hen ffeiliau pecynnau wedi'u dileu (heb eu cyflwyno, ac nid ymhlith rhai diweddaraf eu hymgyrch): {{packsDeleted}}.",
    },
    // db:copy (README "Growing to PostgreSQL"): {{target}} and {{source}} are database addresses
    // (any password shown as ***), {{file}} an SQLite file's path; table names are the database's own.
    dbCopy: {
      usage: "db:copy --to postgres://defnyddiwr:cyfrinair@gweinydd/cronfa",
      toRequired: "Mae angen --to: cyfeiriad y gronfa ddata PostgreSQL wag i gopïo iddi, fel postgres://defnyddiwr:cyfrinair@gweinydd/undersigned",
      toNotPostgres: "Rhaid i --to fod yn gyfeiriad PostgreSQL sy'n dechrau â postgres://, fel postgres://defnyddiwr:cyfrinair@gweinydd/undersigned",
      refused: {
        targetNotPostgres: "Rhaid i --to fod yn gyfeiriad PostgreSQL sy'n dechrau â postgres://, nid {{target}}",
        sourceNotSqlite: "Mae `DATABASE_URL` yn gronfa ddata PostgreSQL yn barod ({{source}}): mae db:copy yn copïo'r gronfa ddata SQLite (`file:…`) a ddefnyddiodd yr ap i PostgreSQL.",
        sourceMissing: "Nid oes cronfa ddata Undersigned yn {{file}}: gosodwch `DATABASE_URL` i'r ffeil SQLite y mae'r ap yn ei defnyddio, fel `file:data/undersigned.db`.",
        sourceNotMigrated: "Mae {{applied}} o'r {{total}} newid i'r tablau wedi'u gwneud i'r gronfa ddata SQLite {{file}}: rhedwch yr ap neu `npm run db:migrate` arni yn gyntaf, yna copïwch hi.",
        sourceNewer: "Cafodd y gronfa ddata SQLite {{file}} ei newid gan fersiwn mwy newydd o Undersigned ({{migrations}}): copïwch hi gyda'r fersiwn honno.",
        targetUnreachable: "Methu cyrraedd y gronfa ddata PostgreSQL {{target}}: {{error}}. Ni chopïwyd dim.",
        targetNotEmpty: "Mae data yn y gronfa ddata PostgreSQL {{target}} yn barod (yn y tabl {{table}}): dim ond i gronfa ddata wag y mae db:copy yn copïo. Ni chopïwyd dim.",
        targetMigrationFailed: "Methu diweddaru tablau'r gronfa ddata PostgreSQL {{target}}: {{error}}. Ni chopïwyd dim.",
        targetSchemaDiffers: "Ar ôl ei diweddaru, nid oes colofn {{table}}.{{column}} yn y gronfa ddata PostgreSQL: nid y fersiwn hwn o Undersigned a wnaeth ei thablau. Ni chopïwyd dim.",
        copyFailed: "Methodd y copïo, a chafodd y gronfa ddata PostgreSQL ei gadael yn wag: {{error}}",
      },
      copying: "Wrthi'n copïo {{source}} i {{target}} …",
      // On stderr, every 10,000 rows of a large table and at the end of each table.
      progress: "{{table}}: {{copied, number}} o {{total, number}} rhes",
      copied: "Wedi copïo {{rows, number}} rhes o {{tables}} tabl mewn {{seconds}} eiliad ({{rate, number}} rhes yr eiliad).",
      // The heading of the table of row counts, one column per database.
      table: "Tabl",
      sqlite: "SQLite",
      postgres: "PostgreSQL",
      checksum: "SHA-256 pob rhes o {{table}}: SQLite {{source}}, PostgreSQL {{target}}",
      matches: "Mae'r copi'n cyfateb: mae cymaint o resi ym mhob tabl ag sydd yn SQLite, ac mae'r symiau gwirio'n cytuno. Gosodwch `DATABASE_URL` i'r gronfa ddata PostgreSQL i'w defnyddio.",
      differs: "Nid yw'r copi'n cyfateb:",
      countDiffers: "{{table}}: {{source, number}} rhes yn SQLite, {{target, number}} yn PostgreSQL",
      checksumDiffers: "{{table}}: nid yw'r rhesi yr un fath (mae'r symiau gwirio'n wahanol)",
    },
  },
};
