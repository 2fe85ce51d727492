import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { promotionNumbers } from "../../audience/promotion-numbers.ts";
import type { Editions } from "../../editions/edition-service.ts";
import { IdParams, NoQuery, QueryOf } from "../../http/route-schemas.ts";
import { type ManagedPromotion, PromotionManager } from "../../promotions/promotion-manager.ts";
import type { ContentEvents } from "../../shared/content-events.ts";
import { NotFoundError, ValidationError } from "../../shared/errors.ts";
import { csrfToken } from "../http/csrf.ts";
import { formText, idParam } from "../http/form.ts";
import { currentUser } from "../http/newsroom-auth.ts";
import { FormBody } from "../http/newsroom-schemas.ts";
import { loadMediaItems, searchMedia } from "../media/media-queries.ts";
import type { NewsroomContext } from "../newsroom-context.ts";
import { ConfirmPage, isConfirmed } from "../views/confirm-page.tsx";
import {
  EMPTY_PROMOTION_FORM,
  formOfPromotion,
  type PromotionForm,
  promotionFieldsOf,
  promotionFormOf,
} from "./promotion-form.ts";
import { type PictureChoice, PromotionPage } from "./views/promotion-page.tsx";
import { PromotionsPage, promotionUrl } from "./views/promotions-page.tsx";

/** Notices after a change, by key: nothing from the URL is echoed. */
const DONE: Record<string, string> = {
  created: "The promotion has been created.",
  saved: "The promotion has been saved; readers' pages show it at once.",
  deleted: "The promotion has been deleted.",
};

const PICTURES_LISTED = 30;

type Extra = { status?: number; form?: PromotionForm; error?: string; notice?: string | null };

/**
 * The promotions pages, /newsroom/promotions (editors and admins; the PromotionManager checks the
 * role). Times are typed and shown in the default edition's time zone, which the labels name.
 */
export function registerPromotionManager(options: { events: ContentEvents; editions: Editions }) {
  const edition = options.editions.default;
  const { timeZone } = edition;
  return (plainScope: FastifyInstance, context: NewsroomContext): void => {
    const scope = plainScope.withTypeProvider<TypeBoxTypeProvider>();
    const manager = new PromotionManager(context.db, options.events, edition.code);
    const idOf = (value: string | undefined) => {
      const id = idParam(value);
      if (id === undefined) throw new NotFoundError("promotion", value ?? "");
      return id;
    };
    const page = (title: string, status = 200) => ({ title, current: "promotions" as const, status });

    /** The library's pictures matching the form's search, the chosen one first. */
    const pictureChoices = async (form: PromotionForm): Promise<PictureChoice[]> => {
      const chosenId = idParam(form.mediaId);
      const [chosen, found] = await Promise.all([
        loadMediaItems(context.db, context.editionCodes, chosenId === undefined ? [] : [chosenId]),
        searchMedia(context.db, context.editionCodes, { q: form.mediaQuery, limit: PICTURES_LISTED }),
      ]);
      const items = [...chosen, ...found.items.filter((item) => item.id !== chosenId)];
      return items.map((item) => {
        const caption = item.texts[edition.code]?.caption ?? null;
        const label = caption ? `${item.originalName} — ${caption}` : item.originalName;
        return {
          id: item.id,
          thumbUrl: item.thumbUrl,
          label: label.length > 90 ? `${label.slice(0, 89)}…` : label,
        };
      });
    };

    const renderForm = async (
      request: FastifyRequest,
      reply: FastifyReply,
      promotion: ManagedPromotion | undefined,
      extra: Extra,
    ) => {
      const user = currentUser(request);
      const form = extra.form ?? (promotion ? formOfPromotion(promotion, timeZone) : EMPTY_PROMOTION_FORM);
      return context.pages.render(
        request,
        reply,
        page(promotion ? `Promotion: ${promotion.headline}` : "New promotion", extra.status),
        <PromotionPage
          promotion={promotion}
          form={form}
          editions={context.editionCodes}
          tagNames={await manager.tagNames(user)}
          pictures={await pictureChoices(form)}
          timeZone={timeZone}
          csrf={csrfToken(request)}
          error={extra.error}
          notice={extra.notice}
        />,
      );
    };

    /** Saves the posted form (create or update), or shows it again: after a picture search, or refused. */
    const save = async (
      request: FastifyRequest,
      reply: FastifyReply,
      promotion: ManagedPromotion | undefined,
    ) => {
      const user = currentUser(request);
      const form = promotionFormOf(request.body);
      if (formText(request.body, "intent") === "find-picture") {
        return renderForm(request, reply, promotion, { form });
      }
      try {
        const fields = await promotionFieldsOf(form, timeZone, manager, user);
        if (promotion) {
          await manager.update(user, promotion.id, fields, { ip: request.ip });
          return reply.redirect(`${promotionUrl(promotion.id)}?done=saved`, 303);
        }
        const created = await manager.create(user, fields, { ip: request.ip });
        return reply.redirect(`${promotionUrl(created.id)}?done=created`, 303);
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error;
        return renderForm(request, reply, promotion, { status: 400, form, error: error.message });
      }
    };

    scope.get("/promotions", { schema: { querystring: QueryOf("done") } }, async (request, reply) =>
      context.pages.render(
        request,
        reply,
        page("Promotions"),
        <PromotionsPage
          promotions={await manager.list(currentUser(request))}
          numbers={await promotionNumbers(context.db, new Date())}
          timeZone={timeZone}
          notice={DONE[request.query.done ?? ""] ?? null}
        />,
      ),
    );

    scope.get("/promotions/new", { schema: { querystring: NoQuery } }, async (request, reply) =>
      renderForm(request, reply, undefined, {}),
    );

    scope.post("/promotions", { schema: { querystring: NoQuery, body: FormBody } }, async (request, reply) =>
      save(request, reply, undefined),
    );

    scope.get(
      "/promotions/:id",
      { schema: { params: IdParams("id"), querystring: QueryOf("done") } },
      async (request, reply) => {
        const promotion = await manager.get(currentUser(request), idOf(request.params.id));
        return renderForm(request, reply, promotion, { notice: DONE[request.query.done ?? ""] ?? null });
      },
    );

    scope.post(
      "/promotions/:id",
      { schema: { params: IdParams("id"), querystring: NoQuery, body: FormBody } },
      async (request, reply) => {
        const promotion = await manager.get(currentUser(request), idOf(request.params.id));
        return save(request, reply, promotion);
      },
    );

    scope.get(
      "/promotions/:id/delete",
      { schema: { params: IdParams("id"), querystring: NoQuery } },
      async (request, reply) => {
        const promotion = await manager.get(currentUser(request), idOf(request.params.id));
        const url = promotionUrl(promotion.id);
        return context.pages.render(
          request,
          reply,
          page("Delete the promotion?"),
          <ConfirmPage
            heading={`Delete “${promotion.headline}”?`}
            subject={promotion.headline}
            text={`Readers stop seeing it at once in ${promotion.editions.join(", ")}. This cannot be undone; to pause it, set its end instead.`}
            action={`${url}/delete`}
            button="Yes, delete it"
            danger
            back={url}
            csrfToken={csrfToken(request)}
          />,
        );
      },
    );

    scope.post(
      "/promotions/:id/delete",
      { schema: { params: IdParams("id"), querystring: NoQuery, body: FormBody } },
      async (request, reply) => {
        const promotionId = idOf(request.params.id);
        if (!isConfirmed(request.body)) return reply.redirect(`${promotionUrl(promotionId)}/delete`, 303);
        await manager.delete(currentUser(request), promotionId, { ip: request.ip });
        return reply.redirect("/newsroom/promotions?done=deleted", 303);
      },
    );
  };
}
