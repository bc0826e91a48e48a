// The demo campaign a newcomer meets on first start (turned off with SEED_DEMO=false).
// Plain data in the shape of a campaign file; the campaign service validates and creates it.
export const demoCampaign = {
  slug: "co-production-wales",
  title: "Put co-production at the heart of Welsh public services",
  summary:
    "An open letter to the First Minister asking that people who use public services share power, as equal partners, in designing and delivering them.",
  language: "en",
  status: "open",
  goal: 500,
  recipients: [
    { name: "The First Minister of Wales", title: "First Minister", role: "to" },
    { name: "The Cabinet Secretary for Health and Social Care", title: "Minister", role: "cc" },
    { name: "The Cabinet Secretary for Education", title: "Minister", role: "cc" },
    { name: "The Leader of the Opposition", title: "Party leader", role: "cc" },
    { name: "The Leader of Plaid Cymru", title: "Party leader", role: "cc" },
  ],
  body: `Dear First Minister,

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
} as const;
