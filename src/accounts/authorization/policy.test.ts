import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { ForbiddenError } from "../../shared/errors.ts";
import { ACTIONS, type Action, type Actor, assertCan, can, type PolicyTarget } from "./policy.ts";
import { parseRole, ROLES, type Role } from "./roles.ts";

/**
 * The matrix as the product describes it, written out independently of the implementation.
 * yes: always; no: never; "own draft": only the actor's own article while a draft; "own": only what
 * the actor owns; "edition": only in the translator's assigned editions; "own or published": the
 * actor's own, or what readers see now; "edition or published": in an assigned edition, the original
 * of a story with an article in one, or what readers see now.
 */
type Expect = "yes" | "no" | "own draft" | "own" | "edition" | "own or published" | "edition or published";

const MATRIX: Record<Action, [contributor: Expect, translator: Expect, editor: Expect, admin: Expect]> = {
  "article.read": ["own or published", "edition or published", "yes", "yes"],
  "reviewQueue.view": ["no", "no", "yes", "yes"],
  "article.create": ["yes", "no", "yes", "yes"],
  "article.editOwnDraft": ["own draft", "no", "yes", "yes"],
  "article.editAny": ["no", "no", "yes", "yes"],
  "article.editLive": ["no", "no", "yes", "yes"],
  "article.submitForReview": ["own draft", "edition", "yes", "yes"],
  "article.publish": ["no", "no", "yes", "yes"],
  "article.schedule": ["no", "no", "yes", "yes"],
  "article.unpublish": ["no", "no", "yes", "yes"],
  "article.delete": ["no", "no", "yes", "yes"],
  "article.correct": ["no", "no", "yes", "yes"],
  "translation.create": ["no", "edition", "yes", "yes"],
  "translation.edit": ["no", "edition", "yes", "yes"],
  "translation.markUpdated": ["no", "edition", "yes", "yes"],
  "media.upload": ["yes", "no", "yes", "yes"],
  "media.edit": ["own", "edition", "yes", "yes"],
  "embed.fetch": ["yes", "yes", "yes", "yes"],
  "tag.create": ["no", "no", "yes", "yes"],
  "tag.edit": ["no", "no", "yes", "yes"],
  "source.edit": ["no", "no", "yes", "yes"],
  "author.manage": ["no", "no", "yes", "yes"],
  "author.edit": ["own", "own", "yes", "yes"],
  "promotion.manage": ["no", "no", "yes", "yes"],
  "newsletter.manage": ["no", "no", "yes", "yes"],
  "comment.moderate": ["no", "no", "yes", "yes"],
  "frontPage.arrange": ["no", "no", "yes", "yes"],
  "user.invite": ["no", "no", "no", "yes"],
  "user.list": ["no", "no", "no", "yes"],
  "user.changeRole": ["no", "no", "no", "yes"],
  "user.disable": ["no", "no", "no", "yes"],
  "user.resetPassword": ["no", "no", "no", "yes"],
  "audit.view": ["no", "no", "no", "yes"],
  "settings.edit": ["no", "no", "no", "yes"],
  "webhook.manage": ["no", "no", "no", "yes"],
  "contentKey.manage": ["no", "no", "no", "yes"],
  "page.edit": ["no", "edition", "yes", "yes"],
  "page.publish": ["no", "no", "yes", "yes"],
  "page.delete": ["no", "no", "yes", "yes"],
  "feed.manage": ["no", "no", "yes", "yes"],
  "import.view": ["no", "no", "no", "yes"],
  "audience.view": ["no", "no", "yes", "yes"],
  "live.manage": ["no", "no", "yes", "yes"],
  "live.post": ["no", "edition", "yes", "yes"],
};

const ACTOR_ID = 7;
const SOMEONE_ELSE = 8;
const actors: Record<Role, Actor> = {
  contributor: { id: ACTOR_ID, role: "contributor", editions: [] },
  // Assigned to pt and es; en is the original language of the targets below.
  translator: { id: ACTOR_ID, role: "translator", editions: ["pt", "es"] },
  editor: { id: ACTOR_ID, role: "editor", editions: [] },
  admin: { id: ACTOR_ID, role: "admin", editions: [] },
};

/** The targets every (role, action) pair is tried on, and which rules each one satisfies. */
const TARGETS: { name: string; target: PolicyTarget | undefined; satisfies: Expect[] }[] = [
  { name: "no target", target: undefined, satisfies: [] },
  {
    name: "own draft",
    target: { ownerUserId: ACTOR_ID, status: "draft", edition: "en" },
    satisfies: ["own draft", "own", "own or published"],
  },
  {
    name: "own article in review",
    target: { ownerUserId: ACTOR_ID, status: "review", edition: "en" },
    satisfies: ["own", "own or published"],
  },
  {
    name: "own published article",
    target: { ownerUserId: ACTOR_ID, status: "published", edition: "en", visible: true },
    satisfies: ["own", "own or published", "edition or published"],
  },
  {
    name: "someone else's draft",
    target: { ownerUserId: SOMEONE_ELSE, status: "draft", edition: "en" },
    satisfies: [],
  },
  {
    name: "someone else's published article",
    target: { ownerUserId: SOMEONE_ELSE, status: "published", edition: "en", visible: true },
    satisfies: ["own or published", "edition or published"],
  },
  {
    name: "someone else's article scheduled for later (embargoed)",
    target: { ownerUserId: SOMEONE_ELSE, status: "scheduled", edition: "en", visible: false },
    satisfies: [],
  },
  {
    name: "someone else's unpublished article",
    target: { ownerUserId: SOMEONE_ELSE, status: "unpublished", edition: "en", visible: false },
    satisfies: [],
  },
  { name: "ownerless draft", target: { ownerUserId: null, status: "draft" }, satisfies: [] },
  {
    name: "assigned edition (pt)",
    target: { edition: "pt", ownerUserId: SOMEONE_ELSE, status: "draft" },
    satisfies: ["edition", "edition or published"],
  },
  {
    name: "assigned edition (es)",
    target: { edition: "es" },
    satisfies: ["edition", "edition or published"],
  },
  {
    name: "other edition (en)",
    target: { edition: "en", ownerUserId: SOMEONE_ELSE, status: "draft" },
    satisfies: [],
  },
  {
    name: "original (en) of a story translated into pt",
    target: { edition: "en", ownerUserId: SOMEONE_ELSE, status: "draft", translatedInto: ["pt", "fr"] },
    satisfies: ["edition or published"],
  },
  {
    name: "original (en) of a story translated into fr only",
    target: { edition: "en", ownerUserId: SOMEONE_ELSE, status: "review", translatedInto: ["fr"] },
    satisfies: [],
  },
  {
    name: "own draft in an assigned edition",
    target: { ownerUserId: ACTOR_ID, status: "draft", edition: "pt" },
    satisfies: ["own draft", "own", "edition", "own or published", "edition or published"],
  },
];

function expected(rule: Expect, satisfies: Expect[]): boolean {
  return rule === "yes" || (rule !== "no" && satisfies.includes(rule));
}

describe("the role × action matrix", () => {
  test("covers every action the policy knows, and every role", () => {
    assert.deepEqual([...ACTIONS].sort(), Object.keys(MATRIX).sort());
    assert.deepEqual([...ROLES], ["contributor", "translator", "editor", "admin"]);
  });

  for (const [roleIndex, role] of ROLES.entries()) {
    describe(role, () => {
      for (const action of ACTIONS) {
        const rule = MATRIX[action][roleIndex] as Expect;
        test(`${action}: ${rule}`, () => {
          for (const { name, target, satisfies } of TARGETS) {
            const allowed = expected(rule, satisfies);
            assert.equal(can(actors[role], action, target), allowed, `${role} ${action} on ${name}`);
            if (allowed) {
              assert.doesNotThrow(
                () => assertCan(actors[role], action, target),
                `${role} ${action} on ${name}`,
              );
              continue;
            }
            assert.throws(
              () => assertCan(actors[role], action, target),
              (error: unknown) => {
                assert.ok(error instanceof ForbiddenError, `${role} ${action} on ${name}: ${String(error)}`);
                assert.equal(error.status, 403);
                assert.equal(error.code, "FORBIDDEN");
                assert.match(error.message, new RegExp(`^An? ${role} may `), error.message);
                assert.equal(error.details.action, action);
                return true;
              },
              `${role} ${action} on ${name}`,
            );
          }
        });
      }
    });
  }
});

describe("refusal messages", () => {
  const refusal = (actor: Actor, action: Action, target?: PolicyTarget) => {
    try {
      assertCan(actor, action, target);
    } catch (error) {
      return (error as Error).message;
    }
    return "allowed";
  };

  test("name the role and what it may not do", () => {
    assert.equal(refusal(actors.contributor, "article.publish"), "A contributor may not publish articles.");
    assert.equal(refusal(actors.editor, "user.changeRole"), "An editor may not change users' roles.");
  });

  test("tell a translator which editions are theirs", () => {
    assert.equal(
      refusal(actors.translator, "translation.edit", { edition: "en" }),
      'A translator may edit translations only in their assigned editions (pt, es), not in "en".',
    );
    assert.match(refusal(actors.translator, "translation.create"), /no edition was given/);
    const unassigned: Actor = { id: 1, role: "translator", editions: [] };
    assert.match(refusal(unassigned, "translation.create", { edition: "pt" }), /\(none yet\)/);
  });

  test("say what a contributor and a translator may read", () => {
    const draft = { ownerUserId: SOMEONE_ELSE, status: "draft", edition: "en" } as const;
    assert.equal(
      refusal(actors.contributor, "article.read", draft),
      "A contributor may read articles only if they are their own or published; this one is someone else's and not published.",
    );
    assert.equal(
      refusal(actors.translator, "article.read", draft),
      "A translator may read articles only if they are published, in their assigned editions (pt, es), or the originals of their translations; this one is none of these.",
    );
    assert.equal(
      refusal(actors.contributor, "reviewQueue.view"),
      "A contributor may not see the review queue.",
    );
  });

  test("tell a contributor why a draft is out of reach", () => {
    assert.match(
      refusal(actors.contributor, "article.editOwnDraft", { ownerUserId: SOMEONE_ELSE, status: "draft" }),
      /only if they are their own drafts; this article is someone else's/,
    );
    assert.match(
      refusal(actors.contributor, "article.editOwnDraft", { ownerUserId: ACTOR_ID, status: "review" }),
      /only while they are drafts; this article is in review\./,
    );
  });
});

describe("roles", () => {
  test("refuses an unknown role, listing the roles", () => {
    assert.equal(parseRole("role", "editor"), "editor");
    assert.throws(
      () => parseRole("role", "owner"),
      /"owner" is not a role; the roles are contributor, translator, editor, admin/,
    );
    assert.throws(() => parseRole("role", 3), /is not a role/);
  });
});
