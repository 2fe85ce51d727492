import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { Static } from "typebox";
import { Type } from "typebox";
import { assertCan } from "../../accounts/authorization/policy.ts";
import type { Edition } from "../../editions/edition.ts";
import type { Editions } from "../../editions/edition-service.ts";
import { frontBlockTags } from "../../frontpage/front-page-blocks.ts";
import { LAST_POSITION, LEAD_POSITION } from "../../frontpage/front-page-pins.ts";
import { type BlockMove, FrontPageService } from "../../frontpage/front-page-service.ts";
import { NoQuery, ParamsOf, PathWord } from "../../http/route-schemas.ts";
import { searchStoryTitles } from "../../related/story-picker.ts";
import type { ContentEvents } from "../../shared/content-events.ts";
import { NotFoundError, ValidationError } from "../../shared/errors.ts";
import { isoToZonedLocal, zonedLocalToIso } from "../../shared/time-zone.ts";
import { nowIso } from "../../shared/validate.ts";
import type { ArchiveService } from "../../site/archive-service.ts";
import { csrfToken } from "../http/csrf.ts";
import { formText, idParam } from "../http/form.ts";
import { currentUser } from "../http/newsroom-auth.ts";
import { FormBody } from "../http/newsroom-schemas.ts";
import type { NewsroomContext } from "../newsroom-context.ts";
import type { NewsroomFeature } from "../newsroom-routes.ts";
import { type DeskStory, FrontPageDesk } from "./views/front-page-desk.tsx";

export interface FrontPageDeskOptions {
  /** The app's ContentEvents: every change purges the edition's front page for readers at once. */
  events: ContentEvents;
  editions: Editions;
  /** The reader site's front page data: the desk shows the page as readers see it. */
  archives: ArchiveService;
}

/** Notices after an action, by key: nothing from the URL is echoed. */
const DONE: Record<string, string> = {
  pin: "Pinned. Readers see the new front page now.",
  unpin: "Unpinned. Readers see the new front page now.",
  blocks: "The blocks' order is saved.",
};

const SEARCH_RESULTS = 10;
const POSITIONS = Array.from({ length: LAST_POSITION - LEAD_POSITION + 1 }, (_, i) => LEAD_POSITION + i);

/**
 * /newsroom/front-page (editors and administrators): per edition, the pins, the front page as
 * readers see it with "Make lead", "Pin…" and "Unpin" on each story, a title search for stories to
 * pin, and the blocks' order. Each form posts and redirects back (303); the service audits.
 */
const EditionParams = ParamsOf({ edition: PathWord });

export function registerFrontPageDesk(options: FrontPageDeskOptions): NewsroomFeature {
  return (plainScope: FastifyInstance, context: NewsroomContext) => {
    const scope = plainScope.withTypeProvider<TypeBoxTypeProvider>();
    const { editions, archives } = options;
    const service = new FrontPageService(context.db, options.events);
    const editionOf = (request: FastifyRequest, params: Static<typeof EditionParams>): Edition => {
      const edition = editions.find(params.edition);
      if (!edition) throw new NotFoundError("edition", params.edition.slice(0, 10));
      assertCan(currentUser(request), "frontPage.arrange", { edition: edition.code });
      return edition;
    };
    const storyIdOf = (request: FastifyRequest) => {
      const storyId = idParam(formText(request.body, "storyId"));
      if (storyId === undefined) throw new ValidationError("storyId", "choose a story to pin");
      return storyId;
    };
    const back = (edition: Edition, done: string) => `/newsroom/front-page/${edition.code}?done=${done}`;

    scope.get("/front-page", { schema: { querystring: NoQuery } }, async (request, reply) => {
      assertCan(currentUser(request), "frontPage.arrange");
      return reply.redirect(`/newsroom/front-page/${editions.default.code}`, 303);
    });

    scope.get(
      "/front-page/:edition",
      {
        schema: {
          params: EditionParams,
          querystring: Type.Object(
            {
              q: Type.Optional(Type.String({ maxLength: 200 })),
              done: Type.Optional(Type.String({ maxLength: 20 })),
            },
            { additionalProperties: false },
          ),
        },
      },
      async (request, reply) => {
        const edition = editionOf(request, request.params);
        const now = nowIso();
        const query = (request.query.q ?? "").trim();
        const [front, pins, blocks, found] = await Promise.all([
          archives.frontPage(edition, now),
          service.pinsWithStories(edition.code, now),
          frontBlockTags(context.db, edition),
          query
            ? searchStoryTitles(context.db, [edition.code], {
                edition: edition.code,
                text: query,
                now,
                limit: SEARCH_RESULTS,
              })
            : null,
        ]);
        return context.pages.render(
          request,
          reply,
          { title: `Front page (${edition.code})`, current: "frontPage" },
          <FrontPageDesk
            csrf={csrfToken(request)}
            edition={edition.code}
            editions={editions.codes()}
            timeZone={edition.timeZone}
            positions={POSITIONS}
            front={front}
            blocks={blocks}
            pins={pins}
            localTime={(iso) => isoToZonedLocal(iso, edition.timeZone)}
            query={query}
            found={
              found?.map(
                (story): DeskStory => ({ storyId: story.storyId, title: story.title, href: null }),
              ) ?? null
            }
            notice={DONE[request.query.done ?? ""] ?? null}
          />,
        );
      },
    );

    scope.post(
      "/front-page/:edition/pin",
      { schema: { params: EditionParams, querystring: NoQuery, body: FormBody } },
      async (request, reply) => {
        const edition = editionOf(request, request.params);
        const position = Number(formText(request.body, "position"));
        const until = formText(request.body, "until").trim();
        await service.pin(
          currentUser(request),
          edition.code,
          {
            storyId: storyIdOf(request),
            position,
            until: until === "" ? null : zonedLocalToIso("until", until, edition.timeZone),
          },
          request.ip,
        );
        return reply.redirect(back(edition, "pin"), 303);
      },
    );

    scope.post(
      "/front-page/:edition/unpin",
      { schema: { params: EditionParams, querystring: NoQuery, body: FormBody } },
      async (request, reply) => {
        const edition = editionOf(request, request.params);
        await service.unpin(currentUser(request), edition.code, storyIdOf(request), request.ip);
        return reply.redirect(back(edition, "unpin"), 303);
      },
    );

    scope.post(
      "/front-page/:edition/blocks",
      { schema: { params: EditionParams, querystring: NoQuery, body: FormBody } },
      async (request, reply) => {
        const edition = editionOf(request, request.params);
        const tagId = idParam(formText(request.body, "tagId"));
        if (tagId === undefined) throw new ValidationError("tagId", "choose a block to move");
        const move = formText(request.body, "move");
        if (move !== "up" && move !== "down") throw new ValidationError("move", 'must be "up" or "down"');
        await service.moveBlock(currentUser(request), edition, tagId, move satisfies BlockMove, request.ip);
        return reply.redirect(back(edition, "blocks"), 303);
      },
    );
  };
}
