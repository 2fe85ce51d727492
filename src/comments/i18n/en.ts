import { plural } from "../../shared/i18n/plural.ts";
import type { CommentMessages } from "./comment-messages.ts";

export const en: CommentMessages = {
  showComments: "Show Comments",
  showCommentsCount: (_count, formatted) => `Show Comments (${formatted})`,
  readAndJoin: "Read the comments and join the discussion",
  threadTitle: (title) => `Comments: ${title}`,
  backToArticle: "Back to the article",
  commentCount: (count, formatted) =>
    plural("en", count, { one: `${formatted} comment`, other: `${formatted} comments` }),
  noComments: "No comments yet. Be the first to comment.",
  oldestFirst: "Oldest first",
  newestFirst: "Newest first",
  order: "Order",
  reply: "Reply",
  replyTo: (name) => `Reply to ${name}`,
  inReplyTo: (name) => `in reply to ${name}`,
  cancelReply: "Write a new comment instead",
  flag: "Report",
  flagged: "Thank you. A moderator will look at this comment.",
  removed: "This comment was removed.",
  verified: "Verified reader",
  edited: "edited by a moderator",
  writeComment: "Write a comment",
  name: "Name",
  email: "E-mail",
  emailHelp: "Never shown to anyone.",
  text: "Comment",
  textHelp: (maxLength, maxLinks) =>
    `Plain text, up to ${maxLength} characters and ${plural("en", maxLinks, { one: `${maxLinks} link`, other: `${maxLinks} links` })}.`,
  honeypot: "Leave this field empty",
  post: "Post comment",
  posted: "Your comment is published.",
  postedPending: "Thank you. Your comment will appear once a moderator has approved it.",
  closed: "Comments on this story are closed.",
  signInTitle: "Comment as a verified reader",
  signInIntro:
    "Type your e-mail address and we will send you a link to sign in. Verified readers need not fill in their e-mail each time.",
  signInSend: "Send me a sign-in link",
  signInSent: "If that address can receive mail, a sign-in link is on its way. It works for 30 minutes.",
  signInConfirmTitle: "Sign in to comment",
  signInConfirm: "Sign me in",
  signedInAs: (name) => `Signed in as ${name}`,
  signOut: "Sign out",
  verifiedHelp: "Verified readers may leave the e-mail empty.",
  signInLink: "Sign in by e-mail",
  mailSubject: (siteName) => `Your sign-in link for comments on ${siteName}`,
  mailText: (link, minutes) =>
    `Follow this link to sign in and comment as a verified reader:\n\n${link}\n\nThe link works once, for ${minutes} minutes. If you did not ask for it, ignore this e-mail.`,
  refusalTitle: "Your comment was not posted",
  refusals: {
    FORM_UNREADABLE: () => "The form arrived incomplete or malformed. Reload the page and try again.",
    FORM_ENCODING: () => "The form was not sent as UTF-8 text. Reload the page and try again.",
    FORM_TYPE: () => "Comments are sent with the form on this page.",
    FIELD_REPEATED: ({ field }) =>
      `The field “${field}” was sent more than once. Send the form on this page.`,
    NAME_REQUIRED: () => "Type your name.",
    NAME_TOO_LONG: ({ limit }) => `Your name is too long; use at most ${limit} characters.`,
    EMAIL_REQUIRED: () => "Type your e-mail address. It is never shown.",
    EMAIL_INVALID: () => "That e-mail address does not look right. Check it, e.g. name@example.org.",
    TEXT_REQUIRED: () => "Write your comment first.",
    TEXT_TOO_LONG: ({ limit, actual }) =>
      `Your comment has ${actual} characters; the limit is ${limit}. Shorten it and post again.`,
    PARENT_INVALID: () => "The comment you replied to is no longer there. Post your text as a new comment.",
    HONEYPOT: () =>
      "Your comment looked automated. If you are a person, leave the field marked “Leave this field empty” empty.",
    CLOSED: () => "Comments on this story are closed.",
    BANNED: () =>
      "Comments from you are not accepted here. If you think this is a mistake, write to the editors.",
    RATE_LIMITED: ({ minutes }) =>
      `You have posted several comments in a short time. Try again in ${minutes} minutes.`,
    TOO_MANY_LINKS: ({ limit, actual }) =>
      `Your comment has ${actual} links; at most ${limit} are allowed. Remove some and post again.`,
    BLOCKED_WORDS: () =>
      "Your comment contains words we do not publish. Rephrase it without insults or threats and post again.",
    DUPLICATE: () => "You have already posted this comment.",
    FLAG_LIMIT: () => "You have reported many comments in a short time. Try again later.",
    SIGN_IN_UNAVAILABLE: () =>
      "Signing in by e-mail is not available at the moment. You can still comment with your e-mail.",
    SIGN_IN_LIMIT: () =>
      "Several sign-in links were sent already. Check your inbox, or try again in an hour.",
    TOKEN_INVALID: () => "This sign-in link has expired or was used already. Ask for a new one.",
    BUSY: () =>
      "So many people are writing at this moment that your comment could not be saved yet. It is still in the form: post it again in a few seconds.",
  },
};
