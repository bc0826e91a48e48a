import type { EasyReadStrings } from "../types";

// Cymraeg Hawdd ei Ddeall: yr un allweddi â'r Saesneg Hawdd ei Ddeall (en/easy-read.ts).
// Easy Read Welsh: the same keys as Easy Read English, reworded in Welsh, never left to the
// standard Welsh where English has Easy Read wording. Short sentences (15 words at most, one idea
// each), everyday words, the reader called "chi"; a hard word is explained in the next sentence;
// numbers in digits; no italics. `npm run i18n:check` holds both languages to that.
export const easyReadStrings = {
  // The header and footer: "Mewngofnodi" is for campaign teams, not for signing a letter.
  site: {
    tagline: "Ychwanegwch eich enw at lythyrau at bobl mewn grym.",
    signIn: "Mewngofnodi ar gyfer timau ymgyrch",
    privacy: "Sut rydym ni'n defnyddio eich gwybodaeth",
    accessibility: "Pa mor hawdd yw defnyddio'r wefan hon",
  },
  // Under the sign form: what we do with your answers, and the way to the privacy notice.
  privacyNote: {
    campaign: "Rydym ni'n defnyddio eich atebion ar gyfer y llythyr hwn yn unig.",
    link: "Darllenwch sut rydym ni'n cadw eich gwybodaeth yn ddiogel.",
  },
  // A page that is not there, and the way back.
  notFound: {
    title: "Ni allwn ddod o hyd i'r dudalen hon",
    body: "Efallai fod y cyfeiriad gwe yn anghywir. Efallai fod darn ohono ar goll. Gwiriwch y cyfeiriad.",
    home: "Gweld pob llythyr",
  },
  // The error pages (app/components/error-page.tsx).
  errorPages: {
    backHome: "Gweld pob llythyr",
    badRequest: {
      title: "Mae'n ddrwg gennym, ni allem ddarllen yr hyn a anfonoch chi",
      body: "Ewch yn ôl. Gwiriwch eich atebion. Yna rhowch gynnig arall arni.",
    },
    forbidden: {
      title: "Ni allwch chi ddefnyddio'r dudalen hon",
      body: "Dim ond rhai pobl sy'n gallu defnyddio'r dudalen hon. Gofynnwch i ni os oes angen help arnoch chi.",
    },
    notFound: {
      title: "Ni allwn ddod o hyd i'r dudalen hon",
      body: "Efallai fod y cyfeiriad gwe yn anghywir. Efallai fod darn ohono ar goll. Gwiriwch y cyfeiriad.",
    },
    conflict: {
      title: "Newidiodd y dudalen hon tra oeddech chi'n edrych arni",
      body: "Newidiodd rhywun arall hi yn gyntaf. Nid ydym ni wedi gwneud eich newid chi.",
      retry: "Ewch yn ôl i'r dudalen a rhowch gynnig arall arni",
    },
    tooLarge: {
      title: "Mae'r hyn a anfonoch chi'n rhy fawr",
      body: "Ewch yn ôl. Ysgrifennwch lai. Yna rhowch gynnig arall arni.",
    },
    tooManyRequests: {
      title: "Rydych chi wedi ceisio gormod o weithiau",
      body: "Arhoswch 1 munud. Yna rhowch gynnig arall arni.",
    },
    clientError: {
      title: "Mae'n ddrwg gennym, ni allem wneud hyn",
      body: "Ewch yn ôl a rhowch gynnig arall arni.",
    },
    serverError: {
      title: "Mae'n ddrwg gennym, mae rhywbeth wedi mynd o'i le ar ein gwefan",
      body: "Nid eich bai chi yw hyn. Rhowch gynnig arall arni yn nes ymlaen.",
      notSaved: "Efallai nad ydym ni wedi cadw'r hyn a anfonoch chi.",
    },
  },
  campaign: {
    closed: "Ni allwch chi lofnodi'r llythyr hwn nawr. Mae'r amser i lofnodi wedi dod i ben.",
    notOpen: "Ni allwch chi lofnodi'r llythyr hwn eto.",
  },
  // The sign form.
  sign: {
    intro: "Byddwn ni'n anfon e-bost atoch chi. Pwyswch y ddolen yn yr e-bost. Wedyn bydd eich llofnod yn cyfrif.",
    name: "Eich enw cyntaf a'ch cyfenw",
    email: "Eich cyfeiriad e-bost",
    emailHint: "Byddwn ni'n anfon e-bost atoch chi i wneud yn siŵr mai chi sy'n llofnodi. Ni fyddwn ni byth yn dangos eich cyfeiriad e-bost ar y wefan.",
    signerType: "Dros bwy ydych chi'n llofnodi?",
    signerTypeIndividual: "Drosof fi fy hun",
    signerTypeProfessional: "Drosof fi fy hun, fel gweithiwr. Er enghraifft, gweithiwr cymdeithasol neu feddyg.",
    signerTypeOrganisation: "Dros sefydliad. Er enghraifft, elusen.",
    organisation: "Enw'r sefydliad",
    organisationHint: "Ysgrifennwch enw'r sefydliad rydych chi'n gweithio iddo neu'n llofnodi drosto.",
    role: "Beth yw eich swydd?",
    location: "Eich tref neu eich cod post",
    locationHint: "Er enghraifft, Caerdydd neu CF10 1AA. Cod post yw'r cod ar ddiwedd eich cyfeiriad.",
    comment: "Ydych chi eisiau dweud rhywbeth?",
    commentHint: "Nid oes rhaid i chi ysgrifennu dim byd yma. Cadwch eich neges yn fyr. Efallai y byddwn ni'n dangos eich neges gyda'ch enw.",
    showName: "Dangos fy enw ar y wefan. Mae pawb yn gallu gweld y rhestr o enwau.",
    updates: "Anfon e-byst ataf gyda newyddion am y llythyr hwn. Er enghraifft, pan fydd rhywun yn ei ateb.",
    errorSummary: "Mae problem wedi codi. Cywirwch y pethau yn y rhestr hon.",
    rateLimited: "Mae gormod o bobl wedi llofnodi o'r cysylltiad rhyngrwyd hwn yn y munudau diwethaf. Arhoswch 1 munud. Yna rhowch gynnig arall arni.",
  },
  // "Did someone help you sign?": the standard words are Easy Read already, but for a hard word.
  assisted: {
    relations: {
      advocate: "Eiriolwr. Dyma rywun sy'n eich helpu i ddweud eich barn.",
    },
  },
  // The sign form's messages (app/schemas/signature.ts); prefix is read out before each one.
  errors: {
    nameRequired: "Ysgrifennwch eich enw cyntaf a'ch cyfenw.",
    nameTooLong: "Mae eich enw'n rhy hir. Gallwch chi ddefnyddio hyd at 120 o lythrennau a bylchau.",
    emailRequired: "Ysgrifennwch eich cyfeiriad e-bost. Mae angen y cyfeiriad arnom ni i anfon e-bost atoch chi.",
    emailInvalid: "Ysgrifennwch eich cyfeiriad e-bost. Mae'n edrych fel enw@enghraifft.com.",
    signerTypeRequired: "Dewiswch a ydych chi'n llofnodi drosoch chi eich hun neu dros sefydliad.",
    organisationRequired: "Ysgrifennwch enw'r sefydliad.",
    organisationTooLong: "Mae enw'r sefydliad yn rhy hir. Gallwch chi ddefnyddio hyd at 200 o lythrennau a bylchau.",
    roleRequired: "Ysgrifennwch beth yw eich swydd.",
    roleTooLong: "Mae enw eich swydd yn rhy hir. Gallwch chi ddefnyddio hyd at 120 o lythrennau a bylchau.",
    locationRequired: "Ysgrifennwch eich tref neu eich cod post.",
    locationTooLong: "Mae eich tref neu eich cod post yn rhy hir. Gallwch chi ddefnyddio hyd at 100 o lythrennau a bylchau.",
    commentTooLong: "Mae eich neges yn rhy hir. Gallwch chi ddefnyddio hyd at 500 o lythrennau a bylchau.",
    helpedRequired: "Dywedwch wrthym ni a wnaeth rhywun eich helpu i lofnodi.",
    helperNameRequired: "Ysgrifennwch enw'r person a wnaeth eich helpu.",
    helperNameTooLong: "Mae eu henw'n rhy hir. Gallwch chi ddefnyddio hyd at 120 o lythrennau a bylchau.",
    helperRelationRequired: "Dewiswch sut mae'r person a wnaeth eich helpu yn eich adnabod chi.",
    prefix: "Problem:",
  },
  // After signing: check your email.
  checkEmail: {
    title: "Nawr gwiriwch eich e-bost",
    body: "Rydym ni wedi anfon e-bost atoch chi. Pwyswch y ddolen yn yr e-bost.",
    notCounted: "Nid yw eich llofnod yn cyfrif nes i chi bwyso'r ddolen.",
    noEmail:
      "Methu dod o hyd i'r e-bost? Edrychwch yn eich ffolder sbam. Y ffolder sbam yw'r lle mae rhai e-byst diangen yn mynd. Mae'r e-bost yn dod gan Undersigned. Gallwch chi hefyd lofnodi eto gyda'r un cyfeiriad e-bost. Wedyn byddwn ni'n anfon e-bost newydd atoch chi.",
  },
  // An event's kiosk showing the Easy Read letter (/kiosk/{token}/easy-read).
  kiosk: {
    intro: "Darllenwch y llythyr. Os ydych chi'n cytuno, gallwch chi ei lofnodi isod.",
    toForm: "Mynd i'r ffurflen i lofnodi",
    email: "Eich cyfeiriad e-bost. Does dim rhaid i chi ei roi.",
    emailHint: "Os ydych chi'n rhoi eich e-bost, byddwn ni'n anfon e-bost atoch chi. Pwyswch y ddolen ynddo. Os nad ydych chi'n ei roi, rydyn ni'n cyfrif eich llofnod nawr.",
    done: {
      counted: "Diolch. Rydyn ni'n cyfrif eich llofnod.",
      checkEmail: "Diolch. Rydym ni wedi anfon e-bost atoch chi. Pwyswch y ddolen yn yr e-bost.",
    },
    next: "Mae'r ffurflen yn wag eto. Gall y person nesaf lofnodi nawr.",
  },
  // After the link in the email: the signature is confirmed, or the link does not work.
  verify: {
    title: "Rydych chi wedi llofnodi'r llythyr",
    body: "Diolch am lofnodi “{{title}}”. Mae eich llofnod yn cyfrif nawr.",
    countLag: "Efallai na fydd nifer y bobl sydd wedi llofnodi yn newid am ychydig eiliadau.",
    fromCampaign: "Neges gan y bobl a ysgrifennodd y llythyr",
    copyFailed: "Nid oedd modd copïo'r ddolen. Copïwch y ddolen eich hun.",
    invalidBody: "Efallai fod darn o'r ddolen ar goll. Copïwch y ddolen gyfan o'r e-bost. Neu lofnodwch y llythyr eto i gael e-bost newydd.",
    changedMind: "Ydych chi eisiau tynnu eich enw oddi ar y llythyr?",
    withdrawLink: "Gallwch chi dynnu eich llofnod yn ôl.",
  },
  // The mails to someone who signed the Easy Read letter (emails/verify-signature.ts, already-signed.ts).
  email: {
    footer: "Defnyddiodd rhywun y cyfeiriad e-bost hwn i lofnodi llythyr ar Undersigned. Os nad chi oedd hyn, gallwch chi ddileu'r e-bost hwn. Nid ydym ni'n cyfrif dim byd nes i rywun bwyso'r ddolen.",
    verify: {
      subject: "Pwyswch y ddolen i orffen llofnodi: {{title}}",
      greeting: "Helo {{name}},",
      body: "Diolch am lofnodi “{{title}}”. Byddwn ni'n cyfrif eich llofnod pan fyddwch chi'n pwyso'r ddolen hon:",
      button: "Gorffen llofnodi'r llythyr",
      ignore: "Os nad chi lofnododd y llythyr hwn, gallwch chi ddileu'r e-bost hwn. Ni fydd dim byd yn digwydd.",
      withdraw: "Wedi newid eich meddwl? Gallwch chi dynnu eich llofnod yn ôl. Pwyswch y ddolen hon:",
    },
    alreadySigned: {
      greeting: "Helo {{name}},",
      body: "Mae rhywun wedi ceisio llofnodi “{{title}}” eto gyda'r cyfeiriad e-bost hwn. Chi oedd hyn, mae'n debyg. Rydych chi wedi llofnodi'r llythyr hwn yn barod. Rydym ni'n cyfrif eich llofnod unwaith yn unig. Nid oes angen i chi wneud dim byd.",
      withdraw: "Wedi newid eich meddwl? Gallwch chi dynnu eich llofnod yn ôl. Pwyswch y ddolen hon:",
    },
  },
} satisfies EasyReadStrings;
