import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type { FastifyInstance } from "fastify";
import { listAuditEntries } from "../../accounts/audit/audit-log.ts";
import { QueryOf } from "../../http/route-schemas.ts";
import { idParam } from "../http/form.ts";
import { currentUser } from "../http/newsroom-auth.ts";
import type { NewsroomContext } from "../newsroom-context.ts";
import { AuditPage } from "../views/audit-page.tsx";

/** The audit log (admins; listAuditEntries refuses everyone else). */
export function registerAuditRoutes(plainScope: FastifyInstance, context: NewsroomContext): void {
  const scope = plainScope.withTypeProvider<TypeBoxTypeProvider>();
  scope.get("/audit", { schema: { querystring: QueryOf("before") } }, async (request, reply) => {
    const page = await listAuditEntries(context.db, currentUser(request), {
      before: idParam(request.query.before),
    });
    return context.pages.render(
      request,
      reply,
      { title: "Audit log", current: "audit" },
      <AuditPage entries={page.entries} nextBefore={page.nextBefore} />,
    );
  });
}
