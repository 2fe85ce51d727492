import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { Static } from "typebox";
import { IdParams, NoQuery, QueryOf } from "../../http/route-schemas.ts";
import { NotFoundError, ValidationError } from "../../shared/errors.ts";
import { csrfToken } from "../http/csrf.ts";
import { formText } from "../http/form.ts";
import { currentUser } from "../http/newsroom-auth.ts";
import { FormBody } from "../http/newsroom-schemas.ts";
import type { NewsroomContext } from "../newsroom-context.ts";
import { ConfirmPage, isConfirmed } from "../views/confirm-page.tsx";
import { TOKENS_PATH, TokensPage, type TokensPageProps } from "../views/tokens-page.tsx";

/** A token id in a path; anything else is no token. */
function tokenId(value: string): number {
  if (!/^[1-9][0-9]{0,9}$/.test(value)) throw new NotFoundError("access token", value.slice(0, 20));
  return Number(value);
}

const TokenIdParams = IdParams("id");

/**
 * Each signed-in user's personal access tokens (/newsroom/account/tokens): make one (shown once),
 * list them, revoke one after confirming. Only one's own: another user's token id is "not found".
 */
export function registerTokenRoutes(plainScope: FastifyInstance, context: NewsroomContext): void {
  const scope = plainScope.withTypeProvider<TypeBoxTypeProvider>();
  const { pages } = context;
  const tokens = context.services.tokens;
  const render = async (
    request: FastifyRequest,
    reply: FastifyReply,
    status: number,
    props: Omit<TokensPageProps, "csrf" | "tokens">,
  ) =>
    pages.render(
      request,
      reply,
      { title: "Access tokens", current: "account", narrow: true, status },
      <TokensPage csrf={csrfToken(request)} tokens={await tokens.list(currentUser(request).id)} {...props} />,
    );

  scope.get("/account/tokens", { schema: { querystring: QueryOf("revoked") } }, async (request, reply) =>
    render(request, reply, 200, { notice: request.query.revoked ? "The token has been revoked." : null }),
  );

  scope.post(
    "/account/tokens",
    { schema: { querystring: NoQuery, body: FormBody } },
    async (request, reply) => {
      const user = currentUser(request);
      const name = formText(request.body, "name");
      const expiresDays = formText(request.body, "expiresDays");
      try {
        const { token, record } = await tokens.create(
          user.id,
          { name, expiresDays },
          { actorUserId: user.id, ip: request.ip, via: "newsroom" },
        );
        // Shown this once, on a page nobody keeps: the newsroom's pages are never cached.
        return render(request, reply, 201, { created: { token, name: record.name } });
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error;
        return render(request, reply, 400, { error: error.message, name, expiresDays });
      }
    },
  );

  const confirmPage = async (
    request: FastifyRequest,
    params: Static<typeof TokenIdParams>,
    reply: FastifyReply,
  ) => {
    const id = tokenId(params.id);
    const token = await tokens.get(id);
    if (token.userId !== currentUser(request).id) throw new NotFoundError("access token", id);
    return pages.render(
      request,
      reply,
      { title: "Revoke token", current: "account", narrow: true },
      <ConfirmPage
        heading="Revoke this token?"
        subject={token.name}
        text="Scripts and apps using it stop working at once. This cannot be undone; you can make a new token."
        action={`${TOKENS_PATH}/${id}/revoke`}
        button="Revoke token"
        danger
        back={TOKENS_PATH}
        csrfToken={csrfToken(request)}
      />,
    );
  };

  scope.get(
    "/account/tokens/:id/revoke",
    { schema: { params: TokenIdParams, querystring: NoQuery } },
    async (request, reply) => confirmPage(request, request.params, reply),
  );

  scope.post(
    "/account/tokens/:id/revoke",
    { schema: { params: TokenIdParams, querystring: NoQuery, body: FormBody } },
    async (request, reply) => {
      if (!isConfirmed(request.body)) return confirmPage(request, request.params, reply);
      const user = currentUser(request);
      await tokens.revoke(tokenId(request.params.id), user.id, {
        actorUserId: user.id,
        ip: request.ip,
        via: "newsroom",
      });
      return reply.redirect(`${TOKENS_PATH}?revoked=1`, 303);
    },
  );
}
