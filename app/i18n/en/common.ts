// Namespace "common", in English: what every page can show, whoever reads it. The site's name and
// header and footer links, the error pages, and why someone may not do something (access.forbidden.*).
export const commonStrings = {
  site: {
    name: "Undersigned",
    tagline: "Open letters to people in power, signed and delivered",
    skipToContent: "Skip to main content",
    home: "All campaigns",
    // The header's way in for campaigners and staff: "Sign in", or "Workspace" once signed in.
    signIn: "Sign in",
    workspace: "Workspace",
    footerNav: "About this website",
    privacy: "Privacy",
    accessibility: "Accessibility",
    openData: "Open data",
    contact: "Contact",
  },
  access: {
    // "You do not have permission to …" is the heading; these say what, and who may.
    forbidden: {
      view: "Only the campaign's team and staff can see this campaign's pages.",
      edit: "Only the campaign's team and staff can change this campaign.",
      manageTeam: "Only the campaign's owner and staff can invite or remove people on its team.",
      review: "Only staff can approve a campaign or send it back.",
      finish: "Only staff can mark a campaign delivered or archive it.",
      moderate: "Only staff can hide or invalidate signatures.",
      seeSignerEmails: "Only staff can see signers' email addresses.",
      export: "Only staff can export a campaign's signature pack.",
      deliver: "Only staff can deliver a campaign's letter and record responses.",
      paper: "Only the campaign's team and staff can print signature sheets and type in paper signatures.",
      runKiosk: "Only staff can open or close a kiosk for an event.",
      manageWebhooks: "Only the campaign's team and staff can manage its webhooks.",
      createCampaign: "You need an account to start a campaign.",
      seeAllCampaigns: "Only staff can see every campaign.",
      readAudit: "Only staff can read the audit log.",
      changeSettings: "Only staff can change the site's settings.",
      managePeople: "Only admins manage people and roles.",
    },
  },
  notFound: {
    title: "Page not found",
    body: "If you typed the web address, check it is correct. If you pasted it, check you copied the whole address.",
    home: "See all campaigns",
  },
  error: {
    title: "Sorry, something went wrong",
    body: "Try again in a few minutes. Nothing you had already confirmed is lost.",
  },
  // Under every form that takes personal data (app/components/privacy-note.tsx): what it is used
  // for, then a link to the privacy notice.
  privacyNote: {
    campaign: "We use what you give here only for this campaign.",
    signIn: "We use your email address only to sign you in.",
    myData: "We use your email address only to send you the link.",
    link: "Read how we look after it in our privacy notice.",
  },
  // The error pages (app/components/error-page.tsx): a heading per status, which is also the page's
  // title, the status's plain words when the error does not name what happened, and the way back.
  // Plain-text answers given before a page is made (server.js): a form from another site, a form
  // sent to no page, a request that arrived too slowly.
  plainAnswers: {
    crossSite: "This form was sent from another site, so it was not accepted.",
    noPage: "There is no page at this address.",
    tooSlow: "The request took too long to arrive.",
  },
  errorPages: {
    backHome: "See all campaigns",
    backToWorkspace: "Go to your campaigns",
    badRequest: {
      title: "Sorry, what you sent could not be read",
      body: "Go back, check what you entered and try again.",
    },
    forbidden: {
      title: "You do not have permission to use this page",
      body: "Your account is not allowed to do this. If you think it should be, ask a member of staff.",
    },
    notFound: {
      title: "Page not found",
      body: "If you typed the web address, check it is correct. If you pasted it, check you copied the whole address.",
    },
    conflict: {
      title: "This changed while you were looking at it",
      body: "Someone else changed it first, or it can no longer be done. Your change was not made.",
      retry: "Go back to the page to see it as it is now, and try again",
    },
    tooLarge: {
      title: "What you sent is too large",
      body: "Go back and send less: a shorter text or a smaller file.",
    },
    tooManyRequests: {
      title: "Too many tries",
      body: "Wait a minute, then try again.",
    },
    clientError: {
      title: "Sorry, this could not be done",
      body: "Go back and try again.",
    },
    serverError: {
      title: "Sorry, there is a problem with the service",
      body: "Try again later.",
      notSaved: "What you sent may not have been saved.",
    },
  },
};
