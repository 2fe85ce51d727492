import type { LiveDesk, LiveUpdate } from "../../live/live-service.ts";
import { liveTextOf, MAX_UPDATE_LENGTH } from "../../live/live-text.ts";
import { CsrfInput, FormError, Notice } from "../views/form-parts.tsx";
import { formatUtc } from "../views/utc-time.ts";

export const liveDeskUrl = (articleId: number) => `/newsroom/live/${articleId}`;

/** The live page of one edition's article: coverage on or off, a new update, the updates so far. */
export function LiveDeskPage(props: {
  desk: LiveDesk;
  mayManage: boolean;
  csrf: string;
  error: string | undefined;
  notice: string | null;
  /** The refused update's text, shown again. */
  text: string;
}) {
  const { desk, csrf } = props;
  const { article, coverage } = desk;
  const isLive = coverage !== undefined && coverage.endedAt === null;
  const base = liveDeskUrl(article.id);
  return (
    <>
      <h1>Live: {article.title}</h1>
      <p>
        Edition <strong>{article.edition}</strong>: these updates are this edition's own.{" "}
        <a href={`/newsroom/articles/${article.id}/edit`}>Edit the article</a>
      </p>
      {props.notice ? <Notice>{props.notice}</Notice> : null}
      <FormError message={props.error} />
      <section aria-labelledby="coverage-heading">
        <h2 id="coverage-heading">Coverage</h2>
        <p>
          {isLive
            ? `Live since ${formatUtc(coverage.startedAt)}.`
            : coverage?.endedAt
              ? `Coverage ended ${formatUtc(coverage.endedAt)}; the updates stay on the page.`
              : "This story is not covered live."}
        </p>
        {props.mayManage ? (
          <form method="post" action={`${base}/coverage`}>
            <CsrfInput token={csrf} />
            <input type="hidden" name="live" value={isLive ? "off" : "on"} />
            <button type="submit">{isLive ? "End live coverage" : "Start live coverage"}</button>
          </form>
        ) : null}
      </section>
      {isLive ? (
        <section aria-labelledby="new-update-heading">
          <h2 id="new-update-heading">New update</h2>
          <UpdateForm action={`${base}/updates`} csrf={csrf} text={props.text} button="Post the update" />
        </section>
      ) : null}
      <section aria-labelledby="updates-heading">
        <h2 id="updates-heading">Updates ({desk.updates.length})</h2>
        <ol class="live-desk-updates">
          {desk.updates.map((update) => (
            <UpdateItem key={update.id} update={update} csrf={csrf} />
          ))}
        </ol>
      </section>
    </>
  );
}

function UpdateItem({ update, csrf }: { update: LiveUpdate; csrf: string }) {
  const flags = [update.pinned ? "pinned" : "", update.keyEvent ? "key event" : ""].filter(Boolean);
  return (
    <li id={`update-${update.id}`}>
      <p>
        <strong>{formatUtc(update.createdAt)}</strong>
        {flags.length > 0 ? ` (${flags.join(", ")})` : ""}
        {update.updatedAt !== update.createdAt ? `, changed ${formatUtc(update.updatedAt)}` : ""}
      </p>
      <UpdateForm
        action={`/newsroom/live/updates/${update.id}`}
        csrf={csrf}
        text={liveTextOf(update.body)}
        pinned={update.pinned}
        keyEvent={update.keyEvent}
        button="Save the update"
        idSuffix={String(update.id)}
      />
      <form method="post" action={`/newsroom/live/updates/${update.id}/delete`}>
        <CsrfInput token={csrf} />
        <button type="submit" class="danger">
          Delete this update
        </button>
      </form>
    </li>
  );
}

function UpdateForm(props: {
  action: string;
  csrf: string;
  text: string;
  pinned?: boolean;
  keyEvent?: boolean;
  button: string;
  idSuffix?: string;
}) {
  const id = (name: string) => (props.idSuffix ? `${name}-${props.idSuffix}` : name);
  return (
    <form method="post" action={props.action}>
      <CsrfInput token={props.csrf} />
      <label for={id("live-text")}>Text (a blank line between paragraphs; web addresses become links)</label>
      <textarea id={id("live-text")} name="text" rows={5} maxLength={MAX_UPDATE_LENGTH} required>
        {props.text}
      </textarea>
      <label>
        <input type="checkbox" name="pinned" checked={props.pinned ?? false} /> Pinned on top
      </label>
      <label>
        <input type="checkbox" name="keyEvent" checked={props.keyEvent ?? false} /> Key event
      </label>
      <button type="submit">{props.button}</button>
    </form>
  );
}
