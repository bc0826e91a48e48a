// Campaigns every test database starts with (created once, in the base database).
export const openCampaign = {
  slug: "fair-care-now",
  title: "Fair care now",
  summary: "An open letter asking for fair pay for care workers.",
  body: "Dear Minister,\n\nPlease **pay care workers fairly**.\n\n<script>alert('x')</script>\n\nYours, the undersigned",
  language: "en",
  status: "open",
  goal: 100,
  recipients: [
    { name: "Jane Minister", title: "Minister for Care", email: "jane.minister@gov.example", role: "to" },
    { name: "Sam Leader", title: "Leader of the Opposition", role: "cc" },
  ],
};

export const closedCampaign = {
  ...openCampaign,
  slug: "old-letter",
  title: "An old letter",
  status: "closed",
};

export const draftCampaign = { ...openCampaign, slug: "secret-draft", title: "A draft nobody may see", status: "draft" };

/** Still "open", but its closing date has passed: it closes by itself. */
export const pastDeadlineCampaign = { ...openCampaign, slug: "past-deadline", title: "Past its deadline", closesAt: "2020-01-31" };

export const fixtureCampaigns = [openCampaign, closedCampaign, draftCampaign, pastDeadlineCampaign];
