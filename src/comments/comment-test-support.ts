// Helpers for the comment tests: a demo app (or services) on a fresh database, an article of each
// edition, posting through HTTP like the form does, and a snapshot of the comment tables.

import type { FastifyInstance, LightMyRequestResponse } from "fastify";
import type { TestDatabase } from "../../test/support/databases.ts";
import { type DemoApp, startDemoApp } from "../../test/support/demo-app.ts";
import type { Db } from "../db/database.ts";
import type { ContentChange } from "../shared/content-events.ts";
import { type CommentedArticle, findArticleBySlug } from "./comment-articles.ts";

/** The e-mail every test commenter uses unless told otherwise; no page may ever carry it. */
export const SECRET_EMAIL_DOMAIN = "private-mail.test";

export interface CommentsDemo extends DemoApp {
  /** The seed story's article in an edition, and its page and thread paths. */
  article(edition: string): Promise<CommentedArticle & { path: string; threadPath: string }>;
  /** Every content change announced since the start. */
  changes: ContentChange[];
}

/** Tribune with the demo content; `env` adds configuration (COMMENT_POLICY_EN=open, …). */
export async function startCommentsDemo(
  database: TestDatabase,
  env: Record<string, string> = {},
  options: Parameters<typeof startDemoApp>[2] = {},
): Promise<CommentsDemo> {
  const demo = await startDemoApp(database, env, options);
  const changes: ContentChange[] = [];
  demo.app.contentEvents.subscribe((change) => {
    changes.push(change);
  });
  return {
    ...demo,
    changes,
    async article(edition) {
      const front = await demo.app.inject(`/${edition}/`);
      const path = new RegExp(`href="(/${edition}/\\d{4}/\\d{2}/\\d{2}/([a-z0-9-]+))"`).exec(front.body);
      if (!path?.[1] || !path[2]) throw new Error(`no article on the ${edition} front page`);
      const article = await findArticleBySlug(demo.database.db, edition, path[2], new Date().toISOString());
      if (!article) throw new Error(`the ${edition} article is not visible`);
      return { ...article, path: path[1], threadPath: `${path[1]}/comments` };
    },
  };
}

/** A form as the comment form posts it (the honeypot empty, no parent) with `fields` on top. */
export function commentForm(fields: Record<string, string> = {}): string {
  return new URLSearchParams({
    name: "Ana",
    email: `ana@${SECRET_EMAIL_DOMAIN}`,
    website: "",
    parent: "",
    text: "A comment.",
    ...fields,
  }).toString();
}

let address = 0;
/** A new reader address each time, so rate limits of one test do not reach the next. */
export function nextIp(): string {
  address++;
  return `10.${(address >> 16) & 255}.${(address >> 8) & 255}.${address & 255}`;
}

export function postForm(
  app: FastifyInstance,
  url: string,
  payload: string | Buffer,
  headers: Record<string, string> = {},
): Promise<LightMyRequestResponse> {
  return app.inject({
    method: "POST",
    url,
    headers: { "content-type": "application/x-www-form-urlencoded", "x-forwarded-for": nextIp(), ...headers },
    payload,
  });
}

/** Every row of the comment tables, in a stable order: to prove a refused post changed nothing. */
export async function snapshotComments(db: Db): Promise<string> {
  const [comments, flags, bans, readers] = await Promise.all([
    db.selectFrom("comments").selectAll().orderBy("id").execute(),
    db.selectFrom("commentFlags").selectAll().orderBy("commentId").orderBy("reporter").execute(),
    db.selectFrom("commentBans").selectAll().orderBy("id").execute(),
    db.selectFrom("verifiedReaders").selectAll().orderBy("id").execute(),
  ]);
  return JSON.stringify({ comments, flags, bans, readers });
}
