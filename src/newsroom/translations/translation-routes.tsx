import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type { FastifyInstance } from "fastify";
import { can } from "../../accounts/authorization/policy.ts";
import type { TranslationState } from "../../articles/translation-status.ts";
import type { Editions } from "../../editions/edition-service.ts";
import { IdParams, NoQuery, QueryOf } from "../../http/route-schemas.ts";
import type { MediaStore } from "../../media/media-store.ts";
import type { ContentEvents } from "../../shared/content-events.ts";
import { ForbiddenError, NotFoundError, ValidationError } from "../../shared/errors.ts";
import { editorBootForArticle } from "../editor/editor-boot.ts";
import { ensureEditorBundle } from "../editor/editor-bundle.ts";
import { ArticleEditorService, editUrl } from "../editor/editor-service.ts";
import { EditorForm } from "../editor/views/editor-form.tsx";
import { csrfToken } from "../http/csrf.ts";
import { formText, idParam } from "../http/form.ts";
import { currentUser } from "../http/newsroom-auth.ts";
import { FormBody } from "../http/newsroom-schemas.ts";
import { textsFromFields } from "../media/media-form.ts";
import type { NewsroomContext } from "../newsroom-context.ts";
import { bodyText } from "../revisions/text-diff.ts";
import { deskStylesheetPath } from "../workflow/desk-stylesheet.ts";
import { DESK_STATES, translationDesk } from "./translation-desk.ts";
import { TranslationPictureService } from "./translation-picture.ts";
import { TranslationService } from "./translation-service.ts";
import { DeskPage } from "./views/desk-page.tsx";
import { TranslatePage } from "./views/translate-page.tsx";

/** The article editor's browser assets (script and stylesheet URLs). */
export type EditorAssets = () => Promise<{ scripts: readonly string[]; stylesheets: readonly string[] }>;

/**
 * The editor bundle's URLs, as registerArticleEditor serves them (named after their content, so the
 * same bundle read again from its cache has the same URLs). Read once.
 */
function editorBundleAssets(): EditorAssets {
  let assets: ReturnType<EditorAssets> | undefined;
  return () => {
    assets ??= ensureEditorBundle().then((bundle) => ({
      scripts: [bundle.script.path],
      stylesheets: [bundle.stylesheet.path],
    }));
    return assets;
  };
}

export interface TranslationRouteOptions {
  events: ContentEvents;
  editions: Editions;
  /** MEDIA_DIR: the hero picture's texts are edited on the translation page. */
  mediaStore: MediaStore;
  editorAssets?: EditorAssets | undefined;
}

const NOTICES: Record<string, string> = {
  "marked-updated": "Marked as updated: the translation follows the original's current text.",
  started: "Translation started from the original's text: translate it in place and save.",
  "picture-saved": "The hero picture's caption and alt text have been saved.",
  "picture-unchanged": "The hero picture's texts had not changed, so nothing was saved.",
};

/** The translation desk, starting a translation, the side-by-side page and "Mark as updated". */
export function registerTranslationRoutes(options: TranslationRouteOptions) {
  return (plainScope: FastifyInstance, context: NewsroomContext): void => {
    const scope = plainScope.withTypeProvider<TypeBoxTypeProvider>();
    const codes = options.editions.codes();
    const translations = new TranslationService(context.db);
    const pictures = new TranslationPictureService({
      db: context.db,
      mediaStore: options.mediaStore,
      editions: codes,
      events: options.events,
    });
    const editor = new ArticleEditorService(context.db, options.events);
    const editorAssets = options.editorAssets ?? editorBundleAssets();

    scope.get(
      "/translations",
      { schema: { querystring: QueryOf("edition", "state", "story", "done") } },
      async (request, reply) => {
        const user = currentUser(request);
        const { query } = request;
        const filter = {
          edition: query.edition && codes.includes(query.edition) ? query.edition : undefined,
          state: DESK_STATES.includes(query.state as TranslationState)
            ? (query.state as TranslationState)
            : undefined,
          storyId: idParam(query.story),
        };
        const desk = await translationDesk(context.db, user, codes, filter);
        return context.pages.render(
          request,
          reply,
          { title: "Translation desk", current: "translations", stylesheets: [deskStylesheetPath] },
          <DeskPage
            desk={desk}
            filter={filter}
            canStart={codes.filter((code) => can(user, "translation.create", { edition: code }))}
            csrfToken={csrfToken(request)}
            notice={query.done ? NOTICES[query.done] : null}
          />,
        );
      },
    );

    scope.post(
      "/translations/start",
      { schema: { querystring: NoQuery, body: FormBody } },
      async (request, reply) => {
        const storyId = idParam(formText(request.body, "storyId"));
        const edition = formText(request.body, "edition");
        if (storyId === undefined) throw new ValidationError("storyId", "say which story to translate");
        if (!codes.includes(edition))
          throw new ValidationError("edition", `"${edition.slice(0, 20)}" is not an edition`);
        const article = await translations.start(currentUser(request), storyId, edition);
        return reply.redirect(`/newsroom/translations/${article.id}?done=started`, 303);
      },
    );

    scope.get(
      "/translations/:id",
      { schema: { params: IdParams("id"), querystring: QueryOf("done") } },
      async (request, reply) => {
        const id = idParam(request.params.id);
        if (id === undefined) throw new NotFoundError("translation", request.params.id);
        const user = currentUser(request);
        const pair = await translations.pair(user, id);
        const { translation, original } = pair;
        const changes = await translations.changesSince(pair);
        const picture = await pictures.heroTexts(user, pair);
        const csrf = csrfToken(request);
        let editable: Awaited<ReturnType<ArticleEditorService["openForEditing"]>> | null = null;
        let refusal: string | null = null;
        try {
          editable = await editor.openForEditing(user, translation.id);
        } catch (error) {
          if (!(error instanceof ForbiddenError)) throw error;
          refusal = error.message;
        }
        const boot = editable
          ? await editorBootForArticle(
              { db: context.db, service: editor, defaultEdition: options.editions.default.code },
              user,
              editable,
            )
          : null;
        const assets = boot ? await editorAssets() : undefined;
        return context.pages.render(
          request,
          reply,
          {
            title: `Translation (${translation.edition}): ${translation.title}`,
            current: "translations",
            scripts: assets?.scripts,
            stylesheets: [deskStylesheetPath, ...(assets?.stylesheets ?? [])],
          },
          <TranslatePage
            original={{
              id: original.id,
              edition: original.edition,
              title: original.title,
              summary: original.summary,
              text: bodyText(original.body),
            }}
            translation={{ id: translation.id, edition: translation.edition, status: translation.status }}
            changes={changes}
            canMarkUpdated={can(user, "translation.markUpdated", { edition: translation.edition })}
            picture={picture}
            csrfToken={csrf}
            notice={request.query.done ? NOTICES[request.query.done] : null}
          >
            {boot ? (
              <EditorForm boot={boot} csrf={csrf} action={editUrl(translation.id)} />
            ) : (
              <p class="error">{refusal}</p>
            )}
          </TranslatePage>,
        );
      },
    );

    // The hero picture's caption and alt text, through the media library's edit (policy, purge, audit).
    scope.post(
      "/translations/:id/picture-texts",
      { schema: { params: IdParams("id"), querystring: NoQuery, body: FormBody } },
      async (request, reply) => {
        const id = idParam(request.params.id);
        if (id === undefined) throw new NotFoundError("translation", request.params.id);
        const user = currentUser(request);
        const { texts } = textsFromFields(request.body, codes);
        const pair = await translations.pair(user, id);
        const changed = await pictures.saveHeroTexts(user, pair, texts, { ip: request.ip });
        const done = changed.length > 0 ? "picture-saved" : "picture-unchanged";
        return reply.redirect(`/newsroom/translations/${id}?done=${done}`, 303);
      },
    );

    scope.post(
      "/translations/:id/mark-updated",
      { schema: { params: IdParams("id"), querystring: NoQuery, body: FormBody } },
      async (request, reply) => {
        const id = idParam(request.params.id);
        if (id === undefined) throw new NotFoundError("translation", request.params.id);
        await translations.markUpdated(currentUser(request), id, request.ip);
        return reply.redirect(`/newsroom/translations/${id}?done=marked-updated`, 303);
      },
    );
  };
}
