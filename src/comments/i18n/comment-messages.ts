import type { RefusalCode, RefusalParams } from "../comment-errors.ts";
import { en } from "./en.ts";
import { es } from "./es.ts";
import { pt } from "./pt.ts";

/** Every string readers see around comments; each language defines all of them (the compiler checks). */
export interface CommentMessages {
  /** The article page's link and summary, without a count (the count comes from its own URL). */
  showComments: string;
  /** "Show Comments (3)", as the count URL answers it. */
  showCommentsCount: (count: number, formatted: string) => string;
  readAndJoin: string;
  threadTitle: (articleTitle: string) => string;
  backToArticle: string;
  commentCount: (count: number, formatted: string) => string;
  noComments: string;
  oldestFirst: string;
  newestFirst: string;
  order: string;
  reply: string;
  replyTo: (name: string) => string;
  inReplyTo: (name: string) => string;
  cancelReply: string;
  flag: string;
  flagged: string;
  removed: string;
  verified: string;
  edited: string;
  writeComment: string;
  name: string;
  email: string;
  emailHelp: string;
  text: string;
  textHelp: (maxLength: number, maxLinks: number) => string;
  honeypot: string;
  post: string;
  posted: string;
  postedPending: string;
  closed: string;
  signInTitle: string;
  signInIntro: string;
  signInSend: string;
  signInSent: string;
  signInConfirmTitle: string;
  signInConfirm: string;
  signedInAs: (name: string) => string;
  signOut: string;
  verifiedHelp: string;
  signInLink: string;
  mailSubject: (siteName: string) => string;
  mailText: (link: string, minutes: number) => string;
  refusalTitle: string;
  refusals: Record<RefusalCode, (params: RefusalParams) => string>;
}

const catalogues: Readonly<Record<string, CommentMessages>> = { en, pt, es };

/** The comment strings of an edition's language (English for a language without them yet). */
export function commentMessagesFor(language: string): CommentMessages {
  return catalogues[language] ?? en;
}

/** Every language with comment strings, for the test that checks none is missing. */
export function commentLanguages(): string[] {
  return Object.keys(catalogues);
}
