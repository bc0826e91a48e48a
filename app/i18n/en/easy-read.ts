import type { EasyReadStrings } from "../types";

// Easy Read English: the words a person with a learning disability reads on the way to signing.
// Each key here overrides the same key of the standard English (public.ts, common.ts, email.ts) on
// Easy Read pages and in Easy Read mail; a key left out falls back to the standard text.
// Short sentences (15 words at most, one idea each), everyday words, the reader called "you"; a
// hard word is explained in the next sentence; numbers in digits; no italics. Welsh rewords the
// same keys (cy/easy-read.ts), and `npm run i18n:check` holds both to that (docs/translation.md).
export const easyReadStrings = {
  // The header and footer: "Sign in" is for campaign teams, not for signing a letter.
  site: {
    tagline: "Add your name to letters to people in power.",
    signIn: "Log in for campaign teams",
    privacy: "How we use your information",
    accessibility: "How easy this website is to use",
  },
  // Under the sign form: what we do with your answers, and the way to the privacy notice.
  privacyNote: {
    campaign: "We only use your answers for this letter.",
    link: "Read how we keep your information safe.",
  },
  // A page that is not there, and the way back.
  notFound: {
    title: "We cannot find this page",
    body: "The web address may be wrong. Part of it may be missing. Please check it.",
    home: "See all the letters",
  },
  // The error pages (app/components/error-page.tsx).
  errorPages: {
    backHome: "See all the letters",
    badRequest: {
      title: "Sorry, we could not read what you sent",
      body: "Please go back. Check your answers. Then try again.",
    },
    forbidden: {
      title: "You cannot use this page",
      body: "Only some people can use this page. Ask us if you need help.",
    },
    notFound: {
      title: "We cannot find this page",
      body: "The web address may be wrong. Part of it may be missing. Please check it.",
    },
    conflict: {
      title: "This page changed while you were looking at it",
      body: "Someone else changed it first. We did not make your change.",
      retry: "Go back to the page and try again",
    },
    tooLarge: {
      title: "What you sent is too big",
      body: "Please go back. Write less. Then try again.",
    },
    tooManyRequests: {
      title: "You tried too many times",
      body: "Please wait 1 minute. Then try again.",
    },
    clientError: {
      title: "Sorry, we could not do this",
      body: "Please go back and try again.",
    },
    serverError: {
      title: "Sorry, something has gone wrong on our website",
      body: "It is not your fault. Please try again later.",
      notSaved: "We may not have saved what you sent.",
    },
  },
  campaign: {
    closed: "You cannot sign this letter now. The time for signing has ended.",
    notOpen: "You cannot sign this letter yet.",
  },
  // The sign form.
  sign: {
    intro: "We will send you an email. Please press the link in the email. Then your signature counts.",
    name: "Your first name and last name",
    email: "Your email address",
    emailHint: "We will send you an email to check it is really you. We never show your email address on the website.",
    signerType: "Who are you signing for?",
    signerTypeIndividual: "For myself",
    signerTypeProfessional: "For myself, as a worker. For example, a social worker or a doctor.",
    signerTypeOrganisation: "For an organisation. For example, a charity.",
    organisation: "Name of the organisation",
    organisationHint: "Write the name of the organisation you work for or sign for.",
    role: "What is your job?",
    location: "Your town or postcode",
    locationHint: "For example, Cardiff or CF10 1AA. A postcode is the code at the end of your address.",
    comment: "Do you want to say something?",
    commentHint: "You do not have to write anything here. Please keep your message short. We may show your message with your name.",
    showName: "Show my name on the website. Everyone can see the list of names.",
    updates: "Send me emails with news about this letter. For example, when someone answers it.",
    errorSummary: "There is a problem. Please fix the things in this list.",
    rateLimited: "Too many people signed from this internet connection in the last few minutes. Please wait 1 minute. Then try again.",
  },
  // "Did someone help you sign?": the standard words are Easy Read already, but for a hard word.
  assisted: {
    relations: {
      advocate: "Advocate. This is someone who helps you speak up.",
    },
  },
  // The sign form's messages (app/schemas/signature.ts); prefix is read out before each one.
  errors: {
    nameRequired: "Please write your first name and last name.",
    nameTooLong: "Your name is too long. You can use up to 120 letters and spaces.",
    emailRequired: "Please write your email address. We need it to send you an email.",
    emailInvalid: "Please write your email address. It looks like name@example.com.",
    signerTypeRequired: "Please choose if you are signing for yourself or for an organisation.",
    organisationRequired: "Please write the name of the organisation.",
    organisationTooLong: "The name of the organisation is too long. You can use up to 200 letters and spaces.",
    roleRequired: "Please write what your job is.",
    roleTooLong: "The name of your job is too long. You can use up to 120 letters and spaces.",
    locationRequired: "Please write your town or postcode.",
    locationTooLong: "Your town or postcode is too long. You can use up to 100 letters and spaces.",
    commentTooLong: "Your message is too long. You can use up to 500 letters and spaces.",
    helpedRequired: "Please tell us if someone helped you sign.",
    helperNameRequired: "Please write the name of the person who helped you.",
    helperNameTooLong: "Their name is too long. You can use up to 120 letters and spaces.",
    helperRelationRequired: "Please choose how the person who helped you knows you.",
    prefix: "Problem:",
  },
  // After signing: check your email.
  checkEmail: {
    title: "Now check your email",
    body: "We have sent you an email. Please press the link in the email.",
    notCounted: "We only count your signature after you press the link.",
    noEmail:
      "Cannot find the email? Look in your spam folder. The spam folder is where some unwanted emails go. The email is from Undersigned. You can also sign again with the same email address. Then we send you a new email.",
  },
  // An event's kiosk showing the Easy Read letter (/kiosk/{token}/easy-read).
  kiosk: {
    intro: "Please read the letter. If you agree, you can sign it below.",
    toForm: "Go to the form to sign",
    email: "Your email address. You do not have to give it.",
    emailHint: "If you give your email, we send you an email. Press the link in it. If you do not give it, we count your signature now.",
    done: {
      counted: "Thank you. We count your signature.",
      checkEmail: "Thank you. We have sent you an email. Please press the link in the email.",
    },
    next: "The form is empty again. The next person can sign now.",
  },
  // After the link in the email: the signature is confirmed, or the link does not work.
  verify: {
    title: "You have signed the letter",
    body: "Thank you for signing “{{title}}”. Your signature now counts.",
    countLag: "The number of people who signed may not change for a few seconds.",
    fromCampaign: "A message from the people who wrote the letter",
    copyFailed: "We could not copy the link. Please copy the link yourself.",
    invalidBody: "Part of the link may be missing. Copy all of the link from the email. Or sign the letter again to get a new email.",
    changedMind: "Do you want to take your name off the letter?",
    withdrawLink: "You can take your signature back.",
  },
  // The mails to someone who signed the Easy Read letter (emails/verify-signature.ts, already-signed.ts).
  email: {
    footer: "Someone used this email address to sign a letter on Undersigned. If it was not you, you can delete this email. We do not count anything until someone presses the link.",
    verify: {
      subject: "Press the link to finish signing: {{title}}",
      greeting: "Hello {{name}},",
      body: "Thank you for signing “{{title}}”. We count your signature when you press this link:",
      button: "Finish signing the letter",
      ignore: "If you did not sign this letter, you can delete this email. Nothing will happen.",
      withdraw: "Changed your mind? You can take your signature back. Press this link:",
    },
    alreadySigned: {
      greeting: "Hello {{name}},",
      body: "Someone tried to sign “{{title}}” again with this email address. It was probably you. You have already signed this letter. We count your signature only once. You do not need to do anything.",
      withdraw: "Changed your mind? You can take your signature back. Press this link:",
    },
  },
} satisfies EasyReadStrings;
