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
  // The letter in Easy Read: one idea a row, 15 words at most, a picture from OpenMoji and what it
  // shows. Welsh row for English row, with the same pictures.
  easyRead: {
    cy: [
      { text: "Llythyr at Brif Weinidog Cymru yw hwn.", picture: "openmoji:2709", alt: "Amlen." },
      { text: "Rydym ni'n bobl, yn weithwyr ac yn grwpiau o bob rhan o Gymru.", picture: "openmoji:1F465", alt: "Dau berson, wedi'u tynnu fel siapiau llwyd." },
      { text: "Rydym ni eisiau i wasanaethau fel ysbytai a gofal cymdeithasol weithio mewn ffordd newydd.", picture: "openmoji:1F3E5", alt: "Ysbyty." },
      { text: "Cydgynhyrchu yw enw'r ffordd newydd.", picture: "openmoji:1F91D", alt: "Dwy law yn ysgwyd llaw." },
      { text: "Mae cydgynhyrchu yn golygu bod staff a'r bobl sy'n defnyddio gwasanaethau yn cydweithio'n gyfartal.", picture: "openmoji:1F9D1-200D-1F91D-200D-1F9D1", alt: "Dau berson yn dal dwylo." },
      { text: "Rydym ni wedi gweld cydgynhyrchu yn gweithio mewn cartrefi gofal ac mewn cymunedau.", picture: "openmoji:1F3E1", alt: "Tŷ gyda gardd." },
      { text: "Rydym ni'n gofyn i'r Prif Weinidog roi cydgynhyrchu yn rheolau gofal cymdeithasol.", picture: "openmoji:1F4DD", alt: "Tudalen o ysgrifen a phensil." },
      { text: "Rydym ni'n gofyn am arian i hyfforddi staff a phobl i weithio fel hyn.", picture: "openmoji:1F4B7", alt: "Papur ugain punt." },
      { text: "Dylai gwasanaethau gael eu mesur yn ôl beth sy'n bwysig i bobl.", picture: "openmoji:1F4CF", alt: "Pren mesur." },
      { text: "Mae gan bawb hawl i gael eu clywed.", picture: "openmoji:1F4AC", alt: "Swigen siarad." },
    ],
    en: [
      { text: "This is a letter to the First Minister of Wales.", picture: "openmoji:2709", alt: "An envelope." },
      { text: "We are people, workers and groups from all over Wales.", picture: "openmoji:1F465", alt: "Two people, drawn as grey shapes." },
      { text: "We want services like hospitals and social care to work in a new way.", picture: "openmoji:1F3E5", alt: "A hospital." },
      { text: "The new way is called co-production.", picture: "openmoji:1F91D", alt: "Two hands shaking hands." },
      { text: "Co-production means staff and the people who use services work together as equals.", picture: "openmoji:1F9D1-200D-1F91D-200D-1F9D1", alt: "Two people holding hands." },
      { text: "We have seen co-production work in care homes and in communities.", picture: "openmoji:1F3E1", alt: "A house with a garden." },
      { text: "We ask the First Minister to put co-production in the rules for social care.", picture: "openmoji:1F4DD", alt: "A page of writing and a pencil." },
      { text: "We ask for money to train staff and people to work this way.", picture: "openmoji:1F4B7", alt: "A 20 pound note." },
      { text: "Services should be measured by what matters to people.", picture: "openmoji:1F4CF", alt: "A ruler." },
      { text: "Everyone has the right to be heard.", picture: "openmoji:1F4AC", alt: "A speech bubble." },
    ],
  },
} as const;
