// The demo campaign a newcomer meets on first start (turned off with SEED_DEMO=false).
// Plain data in the shape of a campaign file; the campaign service validates and creates it.
export const demoCampaign = {
  slug: "co-production-wales",
  // Bilingual, Welsh first, as a campaign to the Welsh Government would be: a newcomer sees both.
  languages: ["cy", "en"],
  title: {
    cy: "Rhoi cydgynhyrchu wrth galon gwasanaethau cyhoeddus Cymru",
    en: "Put co-production at the heart of Welsh public services",
  },
  summary: {
    cy: "Llythyr agored at Brif Weinidog Cymru yn gofyn i bobl sy'n defnyddio gwasanaethau cyhoeddus rannu grym, fel partneriaid cyfartal, wrth eu cynllunio a'u darparu.",
    en: "An open letter to the First Minister asking that people who use public services share power, as equal partners, in designing and delivering them.",
  },
  status: "open",
  goal: 500,
  recipients: [
    { name: "Prif Weinidog Cymru", title: { cy: "Prif Weinidog", en: "First Minister" }, role: "to" },
    { name: "Ysgrifennydd y Cabinet dros Iechyd a Gofal Cymdeithasol", title: { cy: "Gweinidog", en: "Minister" }, role: "cc" },
    { name: "Ysgrifennydd y Cabinet dros Addysg", title: { cy: "Gweinidog", en: "Minister" }, role: "cc" },
    { name: "Arweinydd yr Wrthblaid", title: { cy: "Arweinydd plaid", en: "Party leader" }, role: "cc" },
    { name: "Arweinydd Plaid Cymru", title: { cy: "Arweinydd plaid", en: "Party leader" }, role: "cc" },
  ],
  body: {
    cy: `Annwyl Brif Weinidog,

Rydym yn ddinasyddion, yn ymarferwyr ac yn sefydliadau o bob rhan o Gymru a thu hwnt. Rydym yn
ysgrifennu i ofyn i Lywodraeth Cymru wneud **cydgynhyrchu** yn sail i'r ffordd y caiff
gwasanaethau cyhoeddus yng Nghymru eu cynllunio a'u darparu.

Ystyr cydgynhyrchu yw bod y bobl sy'n defnyddio gwasanaethau a'r bobl sy'n eu darparu yn
gweithio gyda'i gilydd fel partneriaid cyfartal. Mae'n gweld gwerth ym mhawb, yn adeiladu ar yr
hyn y gall pobl ei wneud, ac yn rhannu grym a chyfrifoldeb.

Rydym wedi gweld beth y mae'n ei gyflawni: mewn cartrefi gofal lle mae staff a thrigolion yn byw
ac yn penderfynu gyda'i gilydd, mewn cymunedau a ailgynlluniodd eu gwasanaethau iechyd eu hunain,
ac mewn grwpiau o bobl ag anabledd dysgu sydd bellach yn siarad am y rheolau sy'n llunio eu
bywydau.

Gofynnwn i chi:

1. ysgrifennu egwyddorion cydgynhyrchu yn y canllawiau ar gyfer Deddf Gwasanaethau Cymdeithasol
   a Llesiant (Cymru);
2. ariannu'r hyfforddiant a'r cymorth sy'n galluogi staff a dinasyddion i weithio fel hyn;
3. mesur gwasanaethau yn ôl yr hyn sy'n bwysig i'r bobl sy'n eu defnyddio.

Mae gan bawb hawl i lais. Gofynnwn i chi helpu i sicrhau ei fod yn cael ei glywed.

Yn gywir,

Y rhai sydd wedi llofnodi isod`,
    en: `Dear First Minister,

We are citizens, practitioners and organisations from across Wales and beyond. We write to ask
the Welsh Government to make **co-production** the way public services in Wales are designed and
delivered.

Co-production means that the people who use services and the people who provide them work
together as equal partners. It values everyone as an asset, builds on what people can do, and
shares power and responsibility.

We have seen what it achieves: in care homes where staff and residents live and decide together,
in communities that redesigned their own health services, and in groups of people with learning
disabilities who now speak up about the rules that shape their lives.

We ask you to:

1. write the principles of co-production into the guidance for the Social Services and
   Well-being (Wales) Act;
2. fund the training and support that lets staff and citizens work this way;
3. measure services by what matters to the people who use them.

Everyone has a right to a voice. We ask you to help make it heard.

Yours sincerely,

The undersigned`,
  },
} as const;
