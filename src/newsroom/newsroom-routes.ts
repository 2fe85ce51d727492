import fastifyCookie from "@fastify/cookie";
import fastifyFormbody from "@fastify/formbody";
import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type { FastifyInstance } from "fastify";
import { type Config, persistentSecret } from "../config.ts";
import type { Db } from "../db/database.ts";
import { serveHashedAssets } from "../http/hashed-asset.ts";
import { exactValidatorCompiler, IgnoredQuery, WildcardParams } from "../http/route-schemas.ts";
import type { Mailer } from "../mail/mailer.ts";
import { moderationScript, moderationStylesheet } from "./comments/moderation-assets.ts";
import { registerCsrfProtection } from "./http/csrf.ts";
import { isApiRequest, NEWSROOM_PATH, registerNewsroomAuth, requireUser } from "./http/newsroom-auth.ts";
import { registerNewsroomErrors } from "./http/newsroom-errors.ts";
import { registerNewsroomHeaders } from "./http/security-headers.ts";
import type { NewsroomContext } from "./newsroom-context.ts";
import { NewsroomPages, newsroomStylesheet } from "./newsroom-pages.tsx";
import { createNewsroomServices, type NewsroomServices } from "./newsroom-services.ts";
import { registerAccountRoutes } from "./routes/account-routes.tsx";
import { registerAuditRoutes } from "./routes/audit-routes.tsx";
import { registerDashboardRoutes } from "./routes/dashboard-routes.tsx";
import { registerInviteRoutes } from "./routes/invite-routes.tsx";
import { registerPasswordResetRoutes } from "./routes/password-reset-routes.tsx";
import { registerTokenRoutes } from "./routes/token-routes.tsx";
import { registerUserRoutes } from "./routes/user-routes.tsx";

export interface NewsroomOptions {
  db: Db;
  config: Pick<Config, "publicUrl" | "siteName" | "dataDir" | "editions">;
  /** The site's name in effect (the settings service); `config.siteName` when absent. */
  identity?: { readonly siteName: string };
  /** Services built elsewhere (tests pass ones with a clock of their own). */
  services?: NewsroomServices;
  /** The site's mailer (reset links); null: "forgot password" says e-mail is not set up. */
  mailer?: Mailer | null;
  /** A reset link that could not be mailed (logged by the app). */
  onMailError?: (error: unknown) => void;
  /** Features that register their own newsroom pages in this scope (comment moderation). */
  features?: readonly NewsroomFeature[];
  /** Hosts of the embed players allowed, the only frames a newsroom page (a preview) may hold. */
  playerHosts?: readonly string[];
}

/** Registers a feature's routes inside the /newsroom scope, with its hooks, sessions and CSRF checks. */
export type NewsroomFeature = (scope: FastifyInstance, context: NewsroomContext) => void;

/**
 * The newsroom, /newsroom: one encapsulated scope in which every route is behind sign-in (unless it
 * declares `config: { newsroomAccess: "public" }`), CSRF-checked when it changes state, never
 * cached, indexed or framed. Features of the newsroom (passed as `features`) register their routes
 * inside this scope and get `request.newsroomUser`, `csrfToken(request)` and the error pages.
 */
export async function registerNewsroom(
  app: FastifyInstance,
  options: NewsroomOptions,
): Promise<NewsroomServices> {
  const { db, config } = options;
  const identity = options.identity ?? { siteName: config.siteName };
  const services =
    options.services ??
    createNewsroomServices(db, {
      mailer: options.mailer ?? null,
      publicUrl: config.publicUrl,
      siteName: () => identity.siteName,
      ...(options.onMailError ? { onMailError: options.onMailError } : {}),
    });
  const context: NewsroomContext = {
    db,
    services,
    pages: new NewsroomPages(identity),
    publicUrl: config.publicUrl,
    editionCodes: config.editions.map((edition) => edition.code),
  };

  serveHashedAssets(app, [newsroomStylesheet, moderationScript, moderationStylesheet]);

  await app.register(
    async (scope) => {
      // The order is the order of the hooks: cookies, headers, session, CSRF token; after the body
      // is parsed, the CSRF check, then sign-in.
      await scope.register(fastifyCookie);
      await scope.register(fastifyFormbody);
      // Requests are checked against the routes' schemas as they came, never coerced.
      scope.setValidatorCompiler(exactValidatorCompiler);
      registerNewsroomHeaders(scope, options.playerHosts);
      registerNewsroomAuth(scope, {
        sessions: services.sessions,
        httpsSite: config.publicUrl.startsWith("https:"),
      });
      registerCsrfProtection(scope, { secret: persistentSecret(config, "session") });
      scope.addHook("preHandler", requireUser);
      registerNewsroomErrors(scope, context.pages);

      registerAccountRoutes(scope, context);
      registerTokenRoutes(scope, context);
      registerInviteRoutes(scope, context);
      registerPasswordResetRoutes(scope, context);
      registerDashboardRoutes(scope, context);
      registerUserRoutes(scope, context);
      registerAuditRoutes(scope, context);
      for (const registerFeature of options.features ?? []) registerFeature(scope, context);
      // The article editor, media library, workflow and translation desk come in as `features` too.

      // Unknown newsroom pages: without this the reader site's catch-all would answer them.
      const schema = { params: WildcardParams, querystring: IgnoredQuery };
      scope.withTypeProvider<TypeBoxTypeProvider>().get("/*", { schema }, async (request, reply) => {
        if (request.params["*"] === "" && !isApiRequest(request)) return reply.redirect(NEWSROOM_PATH, 301);
        return reply.callNotFound();
      });
    },
    { prefix: NEWSROOM_PATH },
  );
  return services;
}
