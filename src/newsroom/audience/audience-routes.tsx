import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type { FastifyInstance } from "fastify";
import { isPeriod, PERIODS, type Period } from "../../audience/reports/audience-period.ts";
import { audienceReport } from "../../audience/reports/audience-reports.ts";
import type { Editions } from "../../editions/edition-service.ts";
import { QueryOf } from "../../http/route-schemas.ts";
import { ValidationError } from "../../shared/errors.ts";
import { currentUser } from "../http/newsroom-auth.ts";
import type { NewsroomContext } from "../newsroom-context.ts";
import { AudiencePage } from "./views/audience-page.tsx";

/**
 * /newsroom/audience: the audience numbers for editors and admins (audienceReport refuses the
 * others). A plain GET form picks the period and the edition; `clock` is where "now" comes from
 * (tests fix it, so that days do not depend on when they run).
 */
export function registerAudienceDashboard(options: { editions: Editions; clock?: (() => Date) | undefined }) {
  const clock = options.clock ?? (() => new Date());
  return (plainScope: FastifyInstance, context: NewsroomContext): void => {
    const scope = plainScope.withTypeProvider<TypeBoxTypeProvider>();
    scope.get(
      "/audience",
      { schema: { querystring: QueryOf("period", "edition") } },
      async (request, reply) => {
        const period = periodOf(request.query.period);
        const edition = editionOf(request.query.edition, options.editions);
        // Read at each request: admins may change an edition's time zone without a restart.
        const editions = options.editions.all.map(({ code, timeZone }) => ({ code, timeZone }));
        const report = await audienceReport(context.db, currentUser(request), {
          period,
          edition,
          editions,
          now: clock(),
        });
        return context.pages.render(
          request,
          reply,
          { title: "Audience", current: "audience" },
          <AudiencePage report={report} editions={editions} />,
        );
      },
    );
  };
}

function periodOf(value: string | undefined): Period {
  if (value === undefined || value === "") return "7d";
  if (!isPeriod(value))
    throw new ValidationError("period", `"${value.slice(0, 20)}" is not one of ${PERIODS.join(", ")}`);
  return value;
}

function editionOf(value: string | undefined, editions: Editions): string | null {
  if (value === undefined || value === "") return null;
  if (!editions.find(value)) {
    throw new ValidationError(
      "edition",
      `"${value.slice(0, 20)}" is not an edition; use one of ${editions.codes().join(", ")}`,
    );
  }
  return value;
}
