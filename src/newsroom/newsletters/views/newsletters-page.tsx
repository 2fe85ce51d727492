import type { Edition } from "../../../editions/edition.ts";
import type { DigestSchedule } from "../../../newsletters/digest-schedule.ts";
import type { IssueSummary } from "../../../newsletters/digest-service.ts";
import type { SubscriberCounts } from "../../../newsletters/subscription-service.ts";
import { isoToZonedLocal } from "../../../shared/time-zone.ts";
import { CsrfInput, FormError, Notice } from "../../views/form-parts.tsx";

export interface EditionNewsletter {
  edition: Edition;
  schedule: DigestSchedule;
  counts: SubscriberCounts;
  issues: IssueSummary[];
}

const WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

/** /newsroom/newsletters: per edition, its subscribers, its schedule, its last digests. */
export function NewslettersPage(props: {
  editions: EditionNewsletter[];
  csrf: string;
  notice: string | null;
  error: { edition: string; message: string } | null;
  enabled: boolean;
}) {
  return (
    <>
      <h1>Newsletters</h1>
      {props.notice ? <Notice>{props.notice}</Notice> : null}
      {props.enabled ? null : (
        <p class="error" role="alert">
          No SMTP server is configured (SMTP_URL): readers cannot subscribe and no digest is sent.
        </p>
      )}
      {props.editions.map((entry) => (
        <EditionSection
          key={entry.edition.code}
          entry={entry}
          csrf={props.csrf}
          error={props.error?.edition === entry.edition.code ? props.error.message : null}
        />
      ))}
    </>
  );
}

function EditionSection({
  entry,
  csrf,
  error,
}: {
  entry: EditionNewsletter;
  csrf: string;
  error: string | null;
}) {
  const { edition, schedule, counts } = entry;
  const code = edition.code;
  const id = (name: string) => `${code}-${name}`;
  return (
    <section aria-labelledby={id("heading")}>
      <h2 id={id("heading")}>Edition {code}</h2>
      <p>
        {counts.confirmed} confirmed subscribers; {counts.pending} awaiting confirmation,{" "}
        {counts.unsubscribed} unsubscribed, {counts.bounced} bounced, {counts.complained} complained.
      </p>
      <form method="post" action={`/newsroom/newsletters/${code}/schedule`}>
        <CsrfInput token={csrf} />
        <FormError message={error} />
        <fieldset>
          <legend>Digest schedule (on the edition's clock, {edition.timeZone})</legend>
          <p>
            <label for={id("frequency")}>Send</label>{" "}
            <select id={id("frequency")} name="frequency">
              <option value="off" selected={schedule.frequency === "off"}>
                Off (only when sent from here or the CLI)
              </option>
              <option value="daily" selected={schedule.frequency === "daily"}>
                Daily
              </option>
              <option value="weekly" selected={schedule.frequency === "weekly"}>
                Weekly
              </option>
            </select>{" "}
            <label for={id("weekday")}>on (weekly)</label>{" "}
            <select id={id("weekday")} name="weekday">
              {WEEKDAYS.map((day, index) => (
                <option key={day} value={String(index + 1)} selected={schedule.weekday === index + 1}>
                  {day}
                </option>
              ))}
            </select>{" "}
            <label for={id("time")}>at</label>{" "}
            <input id={id("time")} name="time" type="time" value={schedule.time} required />
          </p>
          <button type="submit">Save the schedule</button>
        </fieldset>
      </form>
      <p>
        <a href={`/newsroom/newsletters/${code}/preview`}>Preview the next digest and send it now</a>
      </p>
      {entry.issues.length > 0 ? (
        <table>
          <caption>Last digests of edition {code}</caption>
          <thead>
            <tr>
              <th scope="col">Made</th>
              <th scope="col">Subject</th>
              <th scope="col">By</th>
              <th scope="col">Status</th>
              <th scope="col">Sent</th>
              <th scope="col">Pending</th>
              <th scope="col">Bounced</th>
              <th scope="col">Skipped</th>
            </tr>
          </thead>
          <tbody>
            {entry.issues.map((issue) => (
              <tr key={issue.id}>
                <td>{isoToZonedLocal(issue.createdAt, edition.timeZone).replace("T", " ")}</td>
                <td>{issue.subject}</td>
                <td>{issue.trigger}</td>
                <td>{issue.status}</td>
                <td>{issue.sent}</td>
                <td>{issue.pending}</td>
                <td>{issue.bounced}</td>
                <td>{issue.skipped}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p>No digest has been sent yet.</p>
      )}
    </section>
  );
}

/** The next digest as subscribers would get it, and the form that sends it now. */
export function DigestPreviewPage(props: {
  edition: Edition;
  confirmed: number;
  digest: { subject: string; text: string; stories: { title: string; url: string }[] } | null;
  sending: boolean;
  csrf: string;
}) {
  const { edition, digest } = props;
  const code = edition.code;
  return (
    <>
      <h1>Next digest of edition {code}</h1>
      {props.sending ? (
        <Notice>A digest of this edition is being sent; sending again takes it up where it stopped.</Notice>
      ) : null}
      {digest ? (
        <>
          <p>
            Subject: <strong>{digest.subject}</strong>
          </p>
          <h2>Stories ({digest.stories.length})</h2>
          <ol>
            {digest.stories.map((story) => (
              <li key={story.url}>
                <a href={story.url}>{story.title}</a>
              </li>
            ))}
          </ol>
          <h2>Text part</h2>
          <pre class="digest-text">{digest.text}</pre>
        </>
      ) : (
        <p>Nothing has been published in this edition since the last digest.</p>
      )}
      {digest || props.sending ? (
        <form method="post" action={`/newsroom/newsletters/${code}/send`}>
          <CsrfInput token={props.csrf} />
          <input type="hidden" name="confirm" value="yes" />
          <button type="submit">Send now to {props.confirmed} confirmed subscribers</button>
        </form>
      ) : null}
      <p>
        <a href="/newsroom/newsletters">Back to the newsletters</a>
      </p>
    </>
  );
}
