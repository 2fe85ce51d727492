import { Fragment } from "preact";
import type { AuditEntry } from "../../accounts/audit/audit-log.ts";
import { formatUtc } from "./utc-time.ts";

/** Who did what, newest first, a page at a time. */
export function AuditPage({
  entries,
  nextBefore,
}: {
  entries: readonly AuditEntry[];
  nextBefore: number | null;
}) {
  return (
    <>
      <h1>Audit log</h1>
      {entries.length === 0 ? (
        <p>Nothing recorded yet.</p>
      ) : (
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Who</th>
                <th scope="col">Action</th>
                <th scope="col">On</th>
                <th scope="col">Details</th>
                <th scope="col">Address</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((entry) => (
                <tr key={entry.id} data-action={entry.action}>
                  <td class="nowrap">
                    <time dateTime={entry.at}>{formatUtc(entry.at)}</time>
                  </td>
                  <td>{entry.actor ? (entry.actor.email ?? `user #${entry.actor.id}`) : "—"}</td>
                  <td>{entry.action}</td>
                  <td>{entry.subjectType ? `${entry.subjectType} ${entry.subjectId ?? ""}` : "—"}</td>
                  <td>
                    <Details details={entry.details} />
                  </td>
                  <td>{entry.ip ?? ""}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {nextBefore !== null ? (
        <p class="pager">
          <a href={`/newsroom/audit?before=${nextBefore}`} rel="next">
            Older entries
          </a>
        </p>
      ) : null}
    </>
  );
}

function Details({ details }: { details: Record<string, unknown> }) {
  const entries = Object.entries(details).filter(([, value]) => value !== null && value !== undefined);
  if (entries.length === 0) return null;
  return (
    <dl class="details">
      {/* Spaces between the pairs: the line may break between them, never inside a word. */}
      {entries.map(([key, value]) => (
        <Fragment key={key}>
          <dt>{key}</dt> <dd>{typeof value === "string" ? value : JSON.stringify(value)}</dd>{" "}
        </Fragment>
      ))}
    </dl>
  );
}
