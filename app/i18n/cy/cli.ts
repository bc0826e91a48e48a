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
    // privacy:run, one line per campaign past its retention date, then the sweeps across every campaign.
    privacy: {
      noneDue: "Nid oes unrhyw ymgyrch wedi mynd heibio i'w dyddiad cadw.",
      anonymised: "{{slug}}: wedi'i gwneud yn ddienw. Llofnodion: {{signatures}}. Rhesi taflenni a deipiwyd: {{keyedRows}}. Sganiau wedi'u dileu: {{scans}}. Llythyrau cefnogaeth: {{supportLetters}}. Ffeiliau pecyn wedi'u dileu: {{packs}}.",
      held: "{{slug}}: wedi'i dal yn ôl gan staff, heb ei gwneud yn ddienw.",
      stopped: "{{slug}}: wedi stopio ar ôl {{signatures}} llofnod; bydd y rhediad nesaf yn parhau o'r fan honno.",
      failed: "{{slug}}: wedi methu (gweler y log); aeth yr ymgyrchoedd eraill yn eu blaen.",
      stoppedEarly: "Wedi stopio ar --max-batches; ni redodd y camau glanhau ar draws pob ymgyrch.",
      swept: "Llofnodion heb eu cadarnhau dros 30 diwrnod oed wedi'u dileu: {{unconfirmedDeleted}}. Cyfeiriadau IP dros 30 diwrnod oed wedi'u dileu: {{addressesErased}} o lofnodion, {{supportLetterAddressesErased}} o lythyrau cefnogaeth. Cyfeiriadau wedi'u dileu o negeseuon a anfonwyd dros 30 diwrnod yn ôl: {{recipientsErased}}.",
    },
  },
};
