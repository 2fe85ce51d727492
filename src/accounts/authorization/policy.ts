import type { ArticleStatus } from "../../db/schema.ts";
import { ForbiddenError } from "../../shared/errors.ts";
import type { Role } from "./roles.ts";

/** Everything a newsroom user may be allowed to do; services name one of these in `assertCan`. */
export const ACTIONS = [
  "article.read",
  "reviewQueue.view",
  "article.create",
  "article.editOwnDraft",
  "article.editAny",
  "article.editLive",
  "article.submitForReview",
  "article.publish",
  "article.schedule",
  "article.unpublish",
  "article.delete",
  "article.correct",
  "translation.create",
  "translation.edit",
  "translation.markUpdated",
  "media.upload",
  "media.edit",
  "embed.fetch",
  "tag.create",
  "tag.edit",
  "source.edit",
  "author.manage",
  "author.edit",
  "promotion.manage",
  "newsletter.manage",
  "comment.moderate",
  "frontPage.arrange",
  "user.invite",
  "user.list",
  "user.changeRole",
  "user.disable",
  "user.resetPassword",
  "audit.view",
  "settings.edit",
  "webhook.manage",
  "contentKey.manage",
  "page.edit",
  "page.publish",
  "page.delete",
  "feed.manage",
  "import.view",
  "audience.view",
  "live.manage",
  "live.post",
] as const;

export type Action = (typeof ACTIONS)[number];

/** Who acts: what `request.newsroomUser` carries, reduced to what the policy needs. */
export interface Actor {
  id: number;
  role: Role;
  /** The editions a translator is assigned to (empty for the other roles). */
  editions: readonly string[];
}

/**
 * What the action touches, for the rules that depend on it. Pass what you know; a rule that needs a
 * field that is missing refuses.
 *
 * - `edition`: the language being written — the translation's edition, the article's edition when a
 *   translator submits it, the caption's edition when media texts are edited. Translators may act
 *   only in their assigned editions.
 * - `ownerUserId`: the newsroom user who owns the thing (who created the article or uploaded the
 *   media — a users.id, not an authors.id). Contributors may touch only their own.
 * - `status`: the article's current status. Contributors may edit and submit only drafts.
 * - `visible`: readers can see the article now (published, or scheduled and its time has come).
 *   Whatever readers see, everyone in the newsroom may read.
 * - `translatedInto`: for a story's original article, the editions its story has other articles
 *   in (empty for a translation). A translator reads the original of what they translate.
 */
export interface PolicyTarget {
  edition?: string | undefined;
  ownerUserId?: number | null | undefined;
  status?: ArticleStatus | undefined;
  visible?: boolean | undefined;
  translatedInto?: readonly string[] | undefined;
}

/**
 * How a role stands towards an action: always, never, or depending on the target — own draft
 * (owner is the actor and status is draft), own (owner is the actor), assigned edition; and for
 * reading, own or visible to readers, or assigned edition (the article's, or one its original is
 * translated into) or visible to readers. readable-articles.ts says the same rules in SQL.
 */
export type Rule =
  | "allow"
  | "deny"
  | "ownDraft"
  | "own"
  | "assignedEdition"
  | "ownOrVisible"
  | "editionOrVisible";

const A = "allow";
const D = "deny";

/** The whole matrix, one row per action: contributor, translator, editor, admin. */
const RULES: Record<Action, Record<Role, Rule>> = {
  "article.read": { contributor: "ownOrVisible", translator: "editionOrVisible", editor: A, admin: A },
  "reviewQueue.view": { contributor: D, translator: D, editor: A, admin: A },
  "article.create": { contributor: A, translator: D, editor: A, admin: A },
  "article.editOwnDraft": { contributor: "ownDraft", translator: D, editor: A, admin: A },
  "article.editAny": { contributor: D, translator: D, editor: A, admin: A },
  // Without it, edits to an article readers can see (or will, once scheduled) wait for an editor.
  "article.editLive": { contributor: D, translator: D, editor: A, admin: A },
  "article.submitForReview": { contributor: "ownDraft", translator: "assignedEdition", editor: A, admin: A },
  "article.publish": { contributor: D, translator: D, editor: A, admin: A },
  "article.schedule": { contributor: D, translator: D, editor: A, admin: A },
  "article.unpublish": { contributor: D, translator: D, editor: A, admin: A },
  "article.delete": { contributor: D, translator: D, editor: A, admin: A },
  "article.correct": { contributor: D, translator: D, editor: A, admin: A },
  "translation.create": { contributor: D, translator: "assignedEdition", editor: A, admin: A },
  "translation.edit": { contributor: D, translator: "assignedEdition", editor: A, admin: A },
  "translation.markUpdated": { contributor: D, translator: "assignedEdition", editor: A, admin: A },
  "media.upload": { contributor: A, translator: D, editor: A, admin: A },
  "media.edit": { contributor: "own", translator: "assignedEdition", editor: A, admin: A },
  // Whoever writes a body may embed a post in it: the thumbnail enters the library as the provider's.
  "embed.fetch": { contributor: A, translator: A, editor: A, admin: A },
  "tag.create": { contributor: D, translator: D, editor: A, admin: A },
  // Renames, merges and moves change every story's labels and archive addresses at once.
  "tag.edit": { contributor: D, translator: D, editor: A, admin: A },
  // The sources list itself: a contributor still names a new source from the editor.
  "source.edit": { contributor: D, translator: D, editor: A, admin: A },
  // Create and delete author profiles, and choose any story's bylines.
  "author.manage": { contributor: D, translator: D, editor: A, admin: A },
  // Edit a profile: the owner is the user linked to it, who may edit their own.
  "author.edit": { contributor: "own", translator: "own", editor: A, admin: A },
  // House promotions show beside every story of their editions: an editor's call.
  "promotion.manage": { contributor: D, translator: D, editor: A, admin: A },
  // Schedules, subscriber counts and "Send now": a digest reaches every subscriber at once.
  "newsletter.manage": { contributor: D, translator: D, editor: A, admin: A },
  "comment.moderate": { contributor: D, translator: D, editor: A, admin: A },
  "frontPage.arrange": { contributor: D, translator: D, editor: A, admin: A },
  "user.invite": { contributor: D, translator: D, editor: D, admin: A },
  "user.list": { contributor: D, translator: D, editor: D, admin: A },
  "user.changeRole": { contributor: D, translator: D, editor: D, admin: A },
  "user.disable": { contributor: D, translator: D, editor: D, admin: A },
  "user.resetPassword": { contributor: D, translator: D, editor: D, admin: A },
  "audit.view": { contributor: D, translator: D, editor: D, admin: A },
  "settings.edit": { contributor: D, translator: D, editor: D, admin: A },
  // A webhook sends content to any address, signed as the site; a content key opens the API.
  "webhook.manage": { contributor: D, translator: D, editor: D, admin: A },
  "contentKey.manage": { contributor: D, translator: D, editor: D, admin: A },
  // Pages (about, contact, privacy…) speak for the publication: editors write them; a translator
  // may draft a page's translation into their edition, which an editor then publishes.
  "page.edit": { contributor: D, translator: "assignedEdition", editor: A, admin: A },
  "page.publish": { contributor: D, translator: D, editor: A, admin: A },
  "page.delete": { contributor: D, translator: D, editor: A, admin: A },
  // Agency feeds write drafts into an edition's queue: the desk that edits any article sets them up.
  "feed.manage": { contributor: D, translator: D, editor: A, admin: A },
  // The history of imports and polls, with their errors: an operator's view.
  "import.view": { contributor: D, translator: D, editor: D, admin: A },
  // The audience numbers steer the desk's choices: the desk's own view.
  "audience.view": { contributor: D, translator: D, editor: A, admin: A },
  // Turning a story into a live page (or ending its coverage) is the desk's call.
  "live.manage": { contributor: D, translator: D, editor: A, admin: A },
  // Updates go out at once, unreviewed: as any change to what readers see, editors'; a translator
  // covers the story live in their own edition (each edition's updates are its own).
  "live.post": { contributor: D, translator: "assignedEdition", editor: A, admin: A },
};

/** Each action as the end of "A contributor may not …". */
const DOING: Record<Action, string> = {
  "article.read": "read articles",
  "reviewQueue.view": "see the review queue",
  "article.create": "create articles",
  "article.editOwnDraft": "edit articles",
  "article.editAny": "edit other people's articles",
  "article.editLive": "change what readers see without an editor's approval",
  "article.submitForReview": "submit articles for review",
  "article.publish": "publish articles",
  "article.schedule": "schedule articles",
  "article.unpublish": "unpublish articles",
  "article.delete": "delete articles",
  "article.correct": "publish corrections to articles",
  "translation.create": "start translations",
  "translation.edit": "edit translations",
  "translation.markUpdated": "mark translations as updated",
  "media.upload": "upload media",
  "media.edit": "edit media",
  "embed.fetch": "add embedded posts or videos",
  "tag.create": "create tags",
  "tag.edit": "rename, move or merge tags",
  "source.edit": "edit, merge or delete sources",
  "author.manage": "manage author profiles",
  "author.edit": "edit author profiles",
  "promotion.manage": "manage promotions",
  "newsletter.manage": "manage newsletters",
  "comment.moderate": "moderate comments",
  "frontPage.arrange": "arrange the front page",
  "user.invite": "invite users",
  "user.list": "see the list of users",
  "user.changeRole": "change users' roles",
  "user.disable": "disable users",
  "user.resetPassword": "reset other users' passwords",
  "audit.view": "view the audit log",
  "settings.edit": "edit settings",
  "webhook.manage": "manage webhooks",
  "contentKey.manage": "manage content API keys",
  "page.edit": "edit pages",
  "page.publish": "publish pages or change published ones",
  "page.delete": "delete pages",
  "feed.manage": "manage agency feeds",
  "import.view": "see the history of imports and feeds",
  "audience.view": "see the audience numbers",
  "live.manage": "start or end live coverage",
  "live.post": "post live updates",
};

const STATUS_WORDS: Record<ArticleStatus, string> = {
  draft: "a draft",
  review: "in review",
  scheduled: "scheduled",
  published: "published",
  unpublished: "unpublished",
};

/** Why `actor` may not do `action` to `target`, or null when it may. */
export function refusal(actor: Actor, action: Action, target: PolicyTarget = {}): string | null {
  const rule = RULES[action][actor.role];
  const who = `${/^[aeiou]/.test(actor.role) ? "An" : "A"} ${actor.role}`;
  const doing = DOING[action];
  switch (rule) {
    case "allow":
      return null;
    case "deny":
      return `${who} may not ${doing}.`;
    case "own":
      if (target.ownerUserId != null && target.ownerUserId === actor.id) return null;
      return `${who} may ${doing} only if they are their own; this belongs to someone else.`;
    case "ownDraft": {
      const own = target.ownerUserId != null && target.ownerUserId === actor.id;
      if (own && target.status === "draft") return null;
      if (!own)
        return `${who} may ${doing} only if they are their own drafts; this article is someone else's.`;
      return `${who} may ${doing} only while they are drafts; this article is ${target.status ? STATUS_WORDS[target.status] : "of unknown status"}.`;
    }
    case "assignedEdition": {
      const assigned = actor.editions.length > 0 ? actor.editions.join(", ") : "none yet";
      if (target.edition !== undefined && actor.editions.includes(target.edition)) return null;
      const not = target.edition === undefined ? "and no edition was given" : `not in "${target.edition}"`;
      return `${who} may ${doing} only in their assigned editions (${assigned}), ${not}.`;
    }
    case "ownOrVisible":
      if (target.visible === true) return null;
      if (target.ownerUserId != null && target.ownerUserId === actor.id) return null;
      return `${who} may ${doing} only if they are their own or published; this one is someone else's and not published.`;
    case "editionOrVisible": {
      if (target.visible === true) return null;
      const mine = (edition: string) => actor.editions.includes(edition);
      if (target.edition !== undefined && mine(target.edition)) return null;
      if (target.translatedInto?.some(mine)) return null;
      const assigned = actor.editions.length > 0 ? actor.editions.join(", ") : "none yet";
      return `${who} may ${doing} only if they are published, in their assigned editions (${assigned}), or the originals of their translations; this one is none of these.`;
    }
  }
}

/** The rule the matrix sets for `role` and `action` (readable-articles.ts turns it into SQL). */
export function ruleFor(action: Action, role: Role): Rule {
  return RULES[action][role];
}

/** Whether `actor` may do `action` to `target` (for showing or hiding a button; services assert). */
export function can(actor: Actor, action: Action, target?: PolicyTarget): boolean {
  return refusal(actor, action, target) === null;
}

/**
 * Throws a ForbiddenError (403, naming the role and what it may not do) unless `actor` may do
 * `action` to `target`. Call it in the service, before anything is read for or written by the action.
 */
export function assertCan(actor: Actor, action: Action, target?: PolicyTarget): void {
  const reason = refusal(actor, action, target);
  if (reason !== null) throw new ForbiddenError(reason, { action, role: actor.role });
}
