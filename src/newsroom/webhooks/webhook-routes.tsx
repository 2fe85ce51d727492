import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { ContentKeyService } from "../../accounts/content-keys.ts";
import { IdParams, NoQuery, QueryOf } from "../../http/route-schemas.ts";
import { ValidationError } from "../../shared/errors.ts";
import type { WebhookForm } from "../../webhooks/webhook-model.ts";
import { WebhookService } from "../../webhooks/webhook-service.ts";
import { csrfToken } from "../http/csrf.ts";
import { formList, formText, idParam } from "../http/form.ts";
import { currentUser } from "../http/newsroom-auth.ts";
import { FormBody } from "../http/newsroom-schemas.ts";
import type { NewsroomContext } from "../newsroom-context.ts";
import type { NewsroomFeature } from "../newsroom-routes.ts";
import { ConfirmPage, isConfirmed } from "../views/confirm-page.tsx";
import { type ShownOnce, WebhookPage, WebhooksPage, webhookUrl } from "./views/webhooks-page.tsx";

/** Notices after a change, by key: nothing from the URL is echoed. */
const DONE: Record<string, string> = {
  saved: "The webhook has been saved.",
  deleted: "The webhook has been deleted.",
  revoked: "The key has been revoked: requests with it are refused.",
};

const ID = IdParams("id");
/** A form posted about one hook or key. */
const FORM_ON_ID = { params: ID, querystring: NoQuery, body: FormBody };

function webhookForm(body: unknown): WebhookForm {
  return {
    url: formText(body, "url"),
    events: formList(body, "events"),
    active: formText(body, "active") === "yes",
  };
}

export interface WebhookRouteOptions {
  /** Targets may be private addresses (WEBHOOKS_ALLOW_PRIVATE). */
  allowPrivate: boolean;
  /** The content API asks for a key (API_REQUIRE_CONTENT_KEY): said on the page. */
  keysRequired: boolean;
}

/**
 * /newsroom/webhooks (admins: `webhook.manage`, `contentKey.manage`): the hooks, each with its
 * delivery log, and the content API's keys. Secrets and keys are shown once, when made.
 */
export function registerWebhookDesk(options: WebhookRouteOptions): NewsroomFeature {
  return (plainScope: FastifyInstance, context: NewsroomContext): void => {
    const scope = plainScope.withTypeProvider<TypeBoxTypeProvider>();
    const hooks = new WebhookService(context.db, { allowPrivate: options.allowPrivate });
    const keys = new ContentKeyService(context.db);
    const idOf = (value: string | undefined) => {
      const id = idParam(value);
      if (id === undefined) throw new ValidationError("id", "must be a webhook's number");
      return id;
    };
    const page = (title: string, status = 200) => ({ title, current: "webhooks" as const, status });

    type ListExtra = {
      status?: number;
      form?: WebhookForm;
      error?: string;
      keyError?: string;
      keyName?: string;
      notice?: string | null;
      shown?: ShownOnce;
    };
    const renderList = async (request: FastifyRequest, reply: FastifyReply, extra: ListExtra) => {
      const user = currentUser(request);
      return context.pages.render(
        request,
        reply,
        page("Webhooks", extra.status),
        <WebhooksPage
          hooks={await hooks.list(user)}
          keys={await keys.list(user)}
          keysRequired={options.keysRequired}
          csrf={csrfToken(request)}
          form={extra.form}
          error={extra.error}
          keyError={extra.keyError}
          keyName={extra.keyName}
          notice={extra.notice}
          shown={extra.shown}
        />,
      );
    };

    type HookExtra = {
      status?: number;
      form?: WebhookForm;
      error?: string;
      notice?: string | null;
      shown?: ShownOnce;
    };
    const renderHook = async (request: FastifyRequest, reply: FastifyReply, id: number, extra: HookExtra) => {
      const { hook, deliveries } = await hooks.get(currentUser(request), id);
      return context.pages.render(
        request,
        reply,
        page(`Webhook ${hook.id}`, extra.status),
        <WebhookPage
          hook={hook}
          deliveries={deliveries}
          csrf={csrfToken(request)}
          form={extra.form}
          error={extra.error}
          notice={extra.notice}
          shown={extra.shown}
        />,
      );
    };

    scope.get("/webhooks", { schema: { querystring: QueryOf("done") } }, async (request, reply) =>
      renderList(request, reply, { notice: DONE[request.query.done ?? ""] ?? null }),
    );

    scope.post("/webhooks", { schema: { querystring: NoQuery, body: FormBody } }, async (request, reply) => {
      const form = webhookForm(request.body);
      try {
        const { id, secret } = await hooks.create(currentUser(request), form, { ip: request.ip });
        // The secret is shown on the answer itself, never put in a URL to redirect to.
        return renderHook(request, reply, id, {
          status: 201,
          notice: "The webhook has been added.",
          shown: { label: "Its signing secret (the HMAC-SHA256 key of X-Tribune-Signature):", value: secret },
        });
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error;
        return renderList(request, reply, { status: 400, form, error: error.message });
      }
    });

    scope.post(
      "/webhooks/keys",
      { schema: { querystring: NoQuery, body: FormBody } },
      async (request, reply) => {
        const name = formText(request.body, "name");
        try {
          const { key } = await keys.create(currentUser(request), name, { ip: request.ip });
          return renderList(request, reply, {
            status: 201,
            notice: "The key has been made.",
            shown: { label: `The key “${name.trim()}”:`, value: key },
          });
        } catch (error) {
          if (!(error instanceof ValidationError)) throw error;
          return renderList(request, reply, { status: 400, keyError: error.message, keyName: name });
        }
      },
    );

    scope.get(
      "/webhooks/keys/:id/revoke",
      { schema: { params: ID, querystring: NoQuery } },
      async (request, reply) => {
        const id = idOf(request.params.id);
        const key = await keys.get(currentUser(request), id);
        return context.pages.render(
          request,
          reply,
          page("Revoke the key?"),
          <ConfirmPage
            heading={`Revoke the key “${key.name}”?`}
            subject={key.name}
            text="Requests to the content API with this key are refused from now on. This cannot be undone."
            action={`/newsroom/webhooks/keys/${id}/revoke`}
            button="Yes, revoke it"
            danger
            back="/newsroom/webhooks#content-keys"
            csrfToken={csrfToken(request)}
          />,
        );
      },
    );

    scope.post("/webhooks/keys/:id/revoke", { schema: FORM_ON_ID }, async (request, reply) => {
      const id = idOf(request.params.id);
      if (!isConfirmed(request.body)) return reply.redirect(`/newsroom/webhooks/keys/${id}/revoke`, 303);
      await keys.revoke(currentUser(request), id, { ip: request.ip });
      return reply.redirect("/newsroom/webhooks?done=revoked#content-keys", 303);
    });

    scope.get(
      "/webhooks/:id",
      { schema: { params: ID, querystring: QueryOf("done") } },
      async (request, reply) =>
        renderHook(request, reply, idOf(request.params.id), {
          notice: DONE[request.query.done ?? ""] ?? null,
        }),
    );

    scope.post("/webhooks/:id", { schema: FORM_ON_ID }, async (request, reply) => {
      const id = idOf(request.params.id);
      const form = webhookForm(request.body);
      try {
        await hooks.update(currentUser(request), id, form, { ip: request.ip });
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error;
        return renderHook(request, reply, id, { status: 400, form, error: error.message });
      }
      return reply.redirect(`${webhookUrl(id)}?done=saved`, 303);
    });

    scope.get(
      "/webhooks/:id/delete",
      { schema: { params: ID, querystring: NoQuery } },
      async (request, reply) => {
        const id = idOf(request.params.id);
        const { hook } = await hooks.get(currentUser(request), id);
        return context.pages.render(
          request,
          reply,
          page("Delete the webhook?"),
          <ConfirmPage
            heading="Delete the webhook?"
            subject={hook.url}
            text="No more deliveries are sent to this address; those waiting and the delivery log are deleted. This cannot be undone."
            action={`${webhookUrl(id)}/delete`}
            button="Yes, delete it"
            danger
            back={webhookUrl(id)}
            csrfToken={csrfToken(request)}
          />,
        );
      },
    );

    scope.post("/webhooks/:id/delete", { schema: FORM_ON_ID }, async (request, reply) => {
      const id = idOf(request.params.id);
      if (!isConfirmed(request.body)) return reply.redirect(`${webhookUrl(id)}/delete`, 303);
      await hooks.delete(currentUser(request), id, { ip: request.ip });
      return reply.redirect("/newsroom/webhooks?done=deleted", 303);
    });
  };
}
