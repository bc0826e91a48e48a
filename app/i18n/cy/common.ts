// Namespace "common", in Welsh (Cymraeg): what every page can show, whoever reads it. The site's name and
// header and footer links, the error pages, and why someone may not do something (access.forbidden.*).
export const commonStrings = {
  site: {
    // A name: not translated.
    name: "Undersigned",
    tagline: "Llythyrau agored at bobl mewn grym, wedi'u llofnodi a'u cyflwyno",
    skipToContent: "Neidio i'r prif gynnwys",
    home: "Pob ymgyrch",
    // The header's way in for campaigners and staff: "Sign in", or "Workspace" once signed in.
    signIn: "Mewngofnodi",
    workspace: "Gofod gwaith",
    footerNav: "Am y wefan hon",
    privacy: "Preifatrwydd",
    accessibility: "Hygyrchedd",
    openData: "Data agored",
    contact: "Cysylltu â ni",
  },
  access: {
    // "You do not have permission to …" is the heading; these say what, and who may.
    forbidden: {
      view: "Dim ond tîm yr ymgyrch a'r staff sy'n gallu gweld tudalennau'r ymgyrch hon.",
      edit: "Dim ond tîm yr ymgyrch a'r staff sy'n gallu newid yr ymgyrch hon.",
      manageTeam: "Dim ond perchennog yr ymgyrch a'r staff sy'n gallu gwahodd pobl i'w thîm, neu eu tynnu oddi arno.",
      review: "Dim ond staff sy'n gallu cymeradwyo ymgyrch neu ei hanfon yn ôl.",
      finish: "Dim ond staff sy'n gallu nodi bod ymgyrch wedi'i chyflwyno, neu ei harchifo.",
      moderate: "Dim ond staff sy'n gallu cuddio neu annilysu llofnodion.",
      seeSignerEmails: "Dim ond staff sy'n gallu gweld cyfeiriadau e-bost llofnodwyr.",
      export: "Dim ond staff sy'n gallu allforio pecyn llofnodion ymgyrch.",
      deliver: "Dim ond staff sy'n gallu cyflwyno llythyr ymgyrch a chofnodi ymatebion.",
      paper: "Dim ond tîm yr ymgyrch a'r staff sy'n gallu argraffu taflenni llofnodion a theipio llofnodion papur.",
      runKiosk: "Dim ond staff sy'n gallu agor neu gau ciosg ar gyfer digwyddiad.",
      manageWebhooks: "Dim ond tîm yr ymgyrch a staff sy'n gallu rheoli ei bachau gwe.",
      createCampaign: "Mae angen cyfrif arnoch chi i ddechrau ymgyrch.",
      seeAllCampaigns: "Dim ond staff sy'n gallu gweld pob ymgyrch.",
      readAudit: "Dim ond staff sy'n gallu darllen y cofnod archwilio.",
      changeSettings: "Dim ond staff sy'n gallu newid gosodiadau'r wefan.",
      managePeople: "Dim ond gweinyddwyr sy'n gallu rheoli pobl a rolau.",
    },
  },
  notFound: {
    title: "Heb ddod o hyd i'r dudalen",
    body: "Os gwnaethoch chi deipio'r cyfeiriad gwe, gwiriwch ei fod yn gywir. Os gwnaethoch chi ei gludo, gwiriwch eich bod wedi copïo'r cyfeiriad cyfan.",
    home: "Gweld pob ymgyrch",
  },
  error: {
    title: "Mae'n ddrwg gennym, aeth rhywbeth o'i le",
    body: "Rhowch gynnig arall arni ymhen ychydig funudau. Nid ydych chi wedi colli dim byd yr oeddech chi wedi'i gadarnhau'n barod.",
  },
  // Under every form that takes personal data (app/components/privacy-note.tsx).
  privacyNote: {
    campaign: "Rydym ni'n defnyddio'r hyn rydych chi'n ei roi yma ar gyfer yr ymgyrch hon yn unig.",
    signIn: "Rydym ni'n defnyddio eich cyfeiriad e-bost i'ch mewngofnodi yn unig.",
    myData: "Rydym ni'n defnyddio eich cyfeiriad e-bost i anfon y ddolen atoch chi yn unig.",
    link: "Darllenwch sut rydym ni'n gofalu amdano yn ein hysbysiad preifatrwydd.",
  },
  // The error pages (app/components/error-page.tsx): a heading per status, which is also the page's
  // title, the status's plain words when the error does not name what happened, and the way back.
  // Plain-text answers given before a page is made (server.js): a form from another site, a form
  // sent to no page, a request that arrived too slowly.
  plainAnswers: {
    crossSite: "Cafodd y ffurflen hon ei hanfon o wefan arall, felly ni chafodd ei derbyn.",
    noPage: "Nid oes tudalen yn y cyfeiriad hwn.",
    tooSlow: "Cymerodd y cais ormod o amser i gyrraedd.",
  },
  errorPages: {
    backHome: "Gweld pob ymgyrch",
    backToWorkspace: "Mynd i'ch ymgyrchoedd",
    badRequest: {
      title: "Mae'n ddrwg gennym, nid oedd modd darllen yr hyn a anfonoch chi",
      body: "Ewch yn ôl, gwiriwch beth rydych chi wedi'i roi, a rhowch gynnig arall arni.",
    },
    forbidden: {
      title: "Nid oes gennych chi ganiatâd i ddefnyddio'r dudalen hon",
      body: "Nid yw eich cyfrif yn cael gwneud hyn. Os ydych chi'n credu y dylai allu gwneud hyn, gofynnwch i aelod o staff.",
    },
    notFound: {
      title: "Heb ddod o hyd i'r dudalen",
      body: "Os gwnaethoch chi deipio'r cyfeiriad gwe, gwiriwch ei fod yn gywir. Os gwnaethoch chi ei gludo, gwiriwch eich bod wedi copïo'r cyfeiriad cyfan.",
    },
    conflict: {
      title: "Mae hyn wedi newid tra oeddech chi'n edrych arno",
      body: "Mae rhywun arall wedi'i newid yn gyntaf, neu nid oes modd ei wneud bellach. Nid yw eich newid wedi'i wneud.",
      retry: "Ewch yn ôl i'r dudalen i'w gweld fel y mae nawr, a rhowch gynnig arall arni",
    },
    tooLarge: {
      title: "Mae'r hyn a anfonoch chi'n rhy fawr",
      body: "Ewch yn ôl ac anfonwch lai: testun byrrach neu ffeil lai.",
    },
    tooManyRequests: {
      title: "Gormod o ymdrechion",
      body: "Arhoswch funud, yna rhowch gynnig arall arni.",
    },
    clientError: {
      title: "Mae'n ddrwg gennym, nid oedd modd gwneud hyn",
      body: "Ewch yn ôl a rhowch gynnig arall arni.",
    },
    serverError: {
      title: "Mae'n ddrwg gennym, mae problem gyda'r gwasanaeth",
      body: "Rhowch gynnig arall arni yn nes ymlaen.",
      notSaved: "Efallai nad yw'r hyn a anfonoch chi wedi'i gadw.",
    },
  },
};
