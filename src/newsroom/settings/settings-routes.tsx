import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { assertCan } from "../../accounts/authorization/policy.ts";
import type { Editions } from "../../editions/edition-service.ts";
import { NoQuery, ParamsOf, PathWord, QueryOf } from "../../http/route-schemas.ts";
import type { SettingsService } from "../../settings/settings-service.ts";
import type { EditionSettingsForm, GeneralSettingsForm } from "../../settings/site-settings.ts";
import { ValidationError } from "../../shared/errors.ts";
import { csrfToken } from "../http/csrf.ts";
import { formText } from "../http/form.ts";
import { currentUser } from "../http/newsroom-auth.ts";
import { FormBody } from "../http/newsroom-schemas.ts";
import { searchMedia } from "../media/media-queries.ts";
import type { NewsroomContext } from "../newsroom-context.ts";
import type { NewsroomFeature } from "../newsroom-routes.ts";
import { type LogoChoice, type RefusedForm, SettingsPage } from "./views/settings-page.tsx";

/** Notices after a save, by key: nothing from the URL is echoed. */
const DONE: Record<string, string> = {
  site: "The general settings have been saved.",
  edition: "The edition's settings have been saved.",
};

/** How many of the library's newest pictures the logo field offers. */
const LOGO_CHOICES = 24;

export interface SettingsRouteOptions {
  settings: SettingsService;
  editions: Editions;
}

/** /newsroom/settings (admins: `settings.edit`): the site's name and logo, each edition's settings. */
export function registerSettingsPages(options: SettingsRouteOptions): NewsroomFeature {
  const { settings, editions } = options;
  return (plainScope: FastifyInstance, context: NewsroomContext): void => {
    const scope = plainScope.withTypeProvider<TypeBoxTypeProvider>();
    const logoChoices = async (): Promise<LogoChoice[]> => {
      const { items } = await searchMedia(context.db, context.editionCodes, { limit: LOGO_CHOICES });
      const current = settings.current().general.logoMediaId;
      if (current !== null && !items.some((item) => item.id === current)) {
        // The logo in effect stays offered, however old it is.
        const [logo] = (
          await searchMedia(context.db, context.editionCodes, { before: current + 1, limit: 1 })
        ).items;
        if (logo?.id === current) items.push(logo);
      }
      return items.map((item) => ({ id: item.id, thumbUrl: item.thumbUrl, name: item.originalName }));
    };

    const render = async (
      request: FastifyRequest,
      reply: FastifyReply,
      extra: { status?: number; notice?: string | null; refused?: RefusedForm },
    ) => {
      assertCan(currentUser(request), "settings.edit");
      const [saved, choices, regions, sections] = await Promise.all([
        settings.saved(),
        logoChoices(),
        settings.tagsOfKind("region"),
        settings.tagsOfKind("section"),
      ]);
      return context.pages.render(
        request,
        reply,
        { title: "Settings", current: "settings", status: extra.status ?? 200 },
        <SettingsPage
          settings={settings.current()}
          saved={saved}
          logoChoices={choices}
          regions={regions}
          sections={sections}
          csrf={csrfToken(request)}
          notice={extra.notice}
          refused={extra.refused}
        />,
      );
    };

    scope.get("/settings", { schema: { querystring: QueryOf("done") } }, async (request, reply) =>
      render(request, reply, { notice: DONE[request.query.done ?? ""] ?? null }),
    );

    scope.post(
      "/settings/site",
      { schema: { querystring: NoQuery, body: FormBody } },
      async (request, reply) => {
        const form: GeneralSettingsForm = {
          siteName: formText(request.body, "siteName"),
          logo: formText(request.body, "logo"),
        };
        try {
          await settings.updateGeneral(currentUser(request), form, { ip: request.ip });
        } catch (error) {
          if (!(error instanceof ValidationError)) throw error;
          return render(request, reply, {
            status: 400,
            refused: { target: "site", form, message: error.message },
          });
        }
        return reply.redirect("/newsroom/settings?done=site#general", 303);
      },
    );

    scope.post(
      "/settings/editions/:edition",
      { schema: { params: ParamsOf({ edition: PathWord }), querystring: NoQuery, body: FormBody } },
      async (request, reply) => {
        const edition = editions.get(request.params.edition).code;
        const form: EditionSettingsForm = {
          displayName: formText(request.body, "displayName"),
          timeZone: formText(request.body, "timeZone"),
          featuredRegions: formText(request.body, "featuredRegions"),
          menuSections: formText(request.body, "menuSections"),
        };
        try {
          await settings.updateEdition(currentUser(request), edition, form, { ip: request.ip });
        } catch (error) {
          if (!(error instanceof ValidationError)) throw error;
          return render(request, reply, {
            status: 400,
            refused: { target: "edition", edition, form, message: error.message },
          });
        }
        return reply.redirect(`/newsroom/settings?done=edition#edition-${edition}`, 303);
      },
    );
  };
}
