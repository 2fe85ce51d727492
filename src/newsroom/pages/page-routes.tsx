import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { Static } from "typebox";
import { type Actor, assertCan, can } from "../../accounts/authorization/policy.ts";
import type { Editions } from "../../editions/edition-service.ts";
import { IdParams, NoQuery, QueryOf } from "../../http/route-schemas.ts";
import type { Page, PageFields } from "../../pages/page.ts";
import { PageManager } from "../../pages/page-manager.ts";
import { PageService } from "../../pages/page-service.ts";
import type { BodyDocument } from "../../shared/body/body-document.ts";
import { collectBodyReferences } from "../../shared/body/body-text.ts";
import type { ContentEvents } from "../../shared/content-events.ts";
import { NotFoundError, TribuneError, ValidationError } from "../../shared/errors.ts";
import { EDITOR_API_ROOT } from "../editor/editor-boot.ts";
import { editorBundle } from "../editor/editor-bundle.ts";
import { storyTitles } from "../editor/editor-lookups.ts";
import type { BodyEditorBoot } from "../editor/editor-types.ts";
import { mediaChoices } from "../editor/media-lookup.ts";
import { isPlainBody, plainTextToBody } from "../editor/plain-body.ts";
import { csrfToken } from "../http/csrf.ts";
import { formText, idParam } from "../http/form.ts";
import { currentUser } from "../http/newsroom-auth.ts";
import { FormBody } from "../http/newsroom-schemas.ts";
import type { NewsroomContext } from "../newsroom-context.ts";
import type { NewsroomFeature } from "../newsroom-routes.ts";
import { ConfirmPage, isConfirmed } from "../views/confirm-page.tsx";
import { type PagePreviewOptions, renderPagePreview } from "./page-preview.tsx";
import { PageEditorPage, type PageEditorProps, type PageForm } from "./views/page-editor-page.tsx";
import { pageEditUrl } from "./views/page-urls.ts";
import { PagesPage } from "./views/pages-page.tsx";

export interface PageDeskOptions extends PagePreviewOptions {
  /** Publishing, editing a published page and deleting are announced here (purges). */
  events: ContentEvents;
}

/** Notices after a change, by key: nothing from the URL is echoed. */
const DONE: Record<string, string> = {
  created: "The page has been created as a draft.",
  saved: "Saved.",
  published: "Published: readers find the page at its address.",
  unpublished: "Unpublished: its address answers “not found”.",
  translated: "The translation has been started from the original's text: replace the words and save.",
  deleted: "The page has been deleted.",
};

const PageIdParams = IdParams("id");

/**
 * The newsroom's pages desk at /newsroom/pages: the list, the page editor (the articles' body editor
 * through the same bundle), publish and unpublish, translations and deletion. The PageManager checks
 * the policy of every write; the routes check who may open what.
 */
export async function registerPageDesk(options: PageDeskOptions): Promise<NewsroomFeature> {
  const bundle = await editorBundle();
  const assets = { scripts: [bundle.script.path], stylesheets: [bundle.stylesheet.path] };
  return (plainScope: FastifyInstance, context: NewsroomContext): void => {
    const scope = plainScope.withTypeProvider<TypeBoxTypeProvider>();
    const { db } = context;
    const manager = new PageManager(db, options.events);
    const pages = new PageService(db);
    const writable = (actor: Actor) =>
      context.editionCodes.filter((code) => can(actor, "page.edit", { edition: code }));
    const pageOf = async (params: Static<typeof PageIdParams>, actor: Actor): Promise<Page> => {
      const id = idParam(params.id);
      if (id === undefined) throw new NotFoundError("page", params.id);
      const page = await pages.get(id);
      assertCan(actor, "page.edit", { edition: page.edition });
      return page;
    };

    const renderEditor = async (
      request: FastifyRequest,
      reply: FastifyReply,
      form: PageForm,
      extra: { status?: number; error?: TribuneError; notice?: string | null; bodyText?: string } = {},
    ) => {
      const actor = currentUser(request);
      const translations =
        form.id === null ? [] : await pages.get(form.id).then((page) => pages.translations(page.groupId));
      const edition = options.editions.find(form.edition);
      const props: PageEditorProps = {
        form,
        boot: await bodyBoot(db, actor, form),
        csrf: csrfToken(request),
        error: extra.error ? { message: extra.error.message, field: fieldOf(extra.error) } : null,
        notice: extra.notice ?? null,
        bodyText: extra.bodyText,
        translations,
        translateInto: writable(actor).filter((code) => !translations.some((t) => t.edition === code)),
        readerUrl:
          form.status === "published" && edition
            ? options.urls.absolute(edition, options.urls.pagePath(form.slug))
            : null,
        can: {
          publish: can(actor, "page.publish", { edition: form.edition }),
          delete: can(actor, "page.delete", { edition: form.edition }),
        },
      };
      return context.pages.render(
        request,
        reply,
        {
          title: form.id === null ? "New page" : `Edit page: ${form.title}`,
          current: "pages",
          status: extra.status ?? 200,
          ...assets,
        },
        <PageEditorPage {...props} />,
      );
    };

    /** A refused form shown again, what was typed kept: 400 or 409 with the reason. */
    const refused = async (
      request: FastifyRequest,
      reply: FastifyReply,
      error: unknown,
      form: PageForm,
    ): Promise<FastifyReply> => {
      if (
        !(error instanceof TribuneError) ||
        error.status >= 500 ||
        error.status === 403 ||
        error.status === 404
      ) {
        throw error;
      }
      return renderEditor(request, reply, form, {
        status: error.status,
        error,
        bodyText: formText(request.body, "bodyText"),
      });
    };

    scope.get("/pages", { schema: { querystring: QueryOf("edition", "done") } }, async (request, reply) => {
      const actor = currentUser(request);
      if (writable(actor).length === 0) assertCan(actor, "page.edit");
      const edition = options.editions.find(request.query.edition ?? "")?.code ?? null;
      return context.pages.render(
        request,
        reply,
        { title: "Pages", current: "pages" },
        <PagesPage
          pages={await pages.list(edition)}
          editions={context.editionCodes}
          edition={edition}
          writable={writable(actor)}
          notice={DONE[request.query.done ?? ""] ?? null}
        />,
      );
    });

    scope.get("/pages/new", { schema: { querystring: QueryOf("edition") } }, async (request, reply) => {
      const actor = currentUser(request);
      const edition = editionOf(options.editions, request.query.edition);
      assertCan(actor, "page.edit", { edition });
      return renderEditor(request, reply, emptyForm(edition));
    });

    scope.post(
      "/pages/new",
      { schema: { querystring: QueryOf("edition"), body: FormBody } },
      async (request, reply) => {
        const actor = currentUser(request);
        const edition = editionOf(options.editions, request.query.edition);
        const form = { ...emptyForm(edition), ...typedForm(request.body) };
        try {
          const page = await manager.create(actor, edition, fieldsFrom(request.body, form.body), {
            ip: request.ip,
          });
          return reply.redirect(`${pageEditUrl(page.id)}?done=created`, 303);
        } catch (error) {
          return refused(request, reply, error, form);
        }
      },
    );

    scope.get(
      "/pages/:id/edit",
      { schema: { params: PageIdParams, querystring: QueryOf("done") } },
      async (request, reply) => {
        const page = await pageOf(request.params, currentUser(request));
        return renderEditor(request, reply, formOf(page), { notice: DONE[request.query.done ?? ""] ?? null });
      },
    );

    scope.get(
      "/pages/:id/preview",
      { schema: { params: PageIdParams, querystring: NoQuery } },
      async (request, reply) =>
        renderPagePreview(options, reply, await pageOf(request.params, currentUser(request))),
    );

    scope.post(
      "/pages/:id/edit",
      { schema: { params: PageIdParams, querystring: NoQuery, body: FormBody } },
      async (request, reply) => {
        const actor = currentUser(request);
        const page = await pageOf(request.params, actor);
        const form = { ...formOf(page), ...typedForm(request.body) };
        try {
          await manager.update(actor, page.id, fieldsFrom(request.body, page.body), { ip: request.ip });
          return reply.redirect(`${pageEditUrl(page.id)}?done=saved`, 303);
        } catch (error) {
          return refused(request, reply, error, form);
        }
      },
    );

    for (const move of ["publish", "unpublish"] as const) {
      const schema = { params: PageIdParams, querystring: NoQuery, body: FormBody };
      scope.post(`/pages/:id/${move}`, { schema }, async (request, reply) => {
        const actor = currentUser(request);
        const page = await pageOf(request.params, actor);
        await manager[move](actor, page.id, { ip: request.ip });
        return reply.redirect(`${pageEditUrl(page.id)}?done=${move}ed`, 303);
      });
    }

    scope.post(
      "/pages/:id/translate",
      { schema: { params: PageIdParams, querystring: NoQuery, body: FormBody } },
      async (request, reply) => {
        const actor = currentUser(request);
        const page = await pageOf(request.params, actor);
        try {
          const edition = editionOf(options.editions, formText(request.body, "edition"));
          const translation = await manager.startTranslation(actor, page.id, edition, { ip: request.ip });
          return reply.redirect(`${pageEditUrl(translation.id)}?done=translated`, 303);
        } catch (error) {
          return refused(request, reply, error, formOf(page));
        }
      },
    );

    // Deleting asks first: a published page's address stops answering.
    scope.get(
      "/pages/:id/delete",
      { schema: { params: PageIdParams, querystring: NoQuery } },
      async (request, reply) => {
        const actor = currentUser(request);
        const page = await pageOf(request.params, actor);
        assertCan(actor, "page.delete", { edition: page.edition });
        return context.pages.render(
          request,
          reply,
          { title: `Delete page: ${page.title}`, current: "pages" },
          <ConfirmPage
            heading="Delete this page?"
            subject={`${page.title} (${page.edition}, /${page.slug})`}
            text={
              page.status === "published"
                ? "Readers will get “not found” at its address, and the footer will no longer list it. Its translations stay."
                : "The draft is deleted. Its translations stay."
            }
            action={`/newsroom/pages/${page.id}/delete`}
            button="Delete page"
            danger
            back={pageEditUrl(page.id)}
            csrfToken={csrfToken(request)}
          />,
        );
      },
    );

    scope.post(
      "/pages/:id/delete",
      { schema: { params: PageIdParams, querystring: NoQuery, body: FormBody } },
      async (request, reply) => {
        const actor = currentUser(request);
        const page = await pageOf(request.params, actor);
        if (!isConfirmed(request.body)) return reply.redirect(`/newsroom/pages/${page.id}/delete`, 303);
        await manager.remove(actor, page.id, { ip: request.ip });
        return reply.redirect(`/newsroom/pages?edition=${page.edition}&done=deleted`, 303);
      },
    );
  };
}

/** The edition asked for, or a 400 naming the ones there are. */
function editionOf(editions: Editions, code: string | undefined): string {
  const edition = editions.find(code ?? "");
  if (!edition) {
    throw new ValidationError(
      "edition",
      `"${(code ?? "").slice(0, 10)}" is not an edition; use one of ${editions.codes().join(", ")}`,
    );
  }
  return edition.code;
}

function emptyForm(edition: string): PageForm {
  return {
    id: null,
    edition,
    status: "draft",
    title: "",
    slug: "",
    metaDescription: "",
    inFooter: false,
    footerPosition: "0",
    body: { type: "doc", content: [] },
  };
}

function formOf(page: Page): PageForm {
  return {
    id: page.id,
    edition: page.edition,
    status: page.status,
    title: page.title,
    slug: page.slug,
    metaDescription: page.metaDescription ?? "",
    inFooter: page.inFooter,
    footerPosition: String(page.footerPosition),
    body: page.body,
  };
}

/** What the post typed, to show again after a refusal. */
function typedForm(body: unknown): Partial<PageForm> {
  return {
    title: formText(body, "title"),
    slug: formText(body, "slug"),
    metaDescription: formText(body, "metaDescription"),
    inFooter: formText(body, "inFooter") === "1",
    footerPosition: formText(body, "footerPosition"),
  };
}

/**
 * The page's fields from a form post. The body: the editor's document (`bodyJson`) when script ran;
 * else the text area's paragraphs, when the stored body is plain enough for a text area to have
 * shown it whole; else the stored body, kept.
 */
function fieldsFrom(body: unknown, stored: BodyDocument): PageFields {
  const position = formText(body, "footerPosition").trim();
  return {
    title: formText(body, "title"),
    slug: formText(body, "slug"),
    body: bodyFrom(body, stored),
    metaDescription: formText(body, "metaDescription"),
    inFooter: formText(body, "inFooter") === "1",
    footerPosition: position === "" ? 0 : /^\d{1,4}$/.test(position) ? Number(position) : Number.NaN,
  };
}

function bodyFrom(form: unknown, stored: BodyDocument): BodyDocument {
  const json = formText(form, "bodyJson");
  if (json !== "") {
    try {
      return JSON.parse(json) as BodyDocument;
    } catch {
      throw new ValidationError(
        "body",
        "the editor sent a body that is not JSON; reload the page and try again",
      );
    }
  }
  return isPlainBody(stored) ? plainTextToBody(formText(form, "bodyText")) : stored;
}

/** What the body editor starts with: the body and what its figures and READ callouts show. */
async function bodyBoot(db: NewsroomContext["db"], actor: Actor, form: PageForm): Promise<BodyEditorBoot> {
  const references = collectBodyReferences(form.body);
  const [media, stories] = await Promise.all([
    mediaChoices(db, references.mediaIds, form.edition),
    storyTitles(db, actor, references.storyIds, form.edition),
  ]);
  return {
    body: form.body,
    edition: form.edition,
    media: Object.fromEntries(media.map((choice) => [String(choice.id), choice])),
    stories,
    canUpload: can(actor, "media.upload"),
    api: EDITOR_API_ROOT,
  };
}

/** The field a refusal concerns, if it names one. */
function fieldOf(error: TribuneError): string | undefined {
  const field = error.details.field;
  return typeof field === "string" ? field : undefined;
}
