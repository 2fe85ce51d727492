import type { CommentBan } from "../../../comments/moderation/ban-service.ts";
import type { QueueItem } from "../../../comments/moderation/moderation-queue.ts";
import { plural } from "../../../shared/i18n/plural.ts";
import { QueueItemView } from "./queue-item.tsx";

const DATE = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });

/** Editing a comment's text. */
export function EditCommentPage(props: {
  csrf: string;
  item: QueueItem;
  text: string;
  error: string | null;
  returnTo: string;
  articleHref: string;
}) {
  const { item } = props;
  return (
    <div class="moderation">
      <h1>Edit a comment</h1>
      <p>
        By <strong dir="auto">{item.authorName}</strong> on{" "}
        <a href={props.articleHref}>{item.article.title}</a> ({item.status})
      </p>
      {props.error ? (
        <p class="error" role="alert">
          {props.error}
        </p>
      ) : null}
      <form method="post" action={`/newsroom/comments/item/${item.id}/edit`}>
        <input type="hidden" name="_csrf" value={props.csrf} />
        <input type="hidden" name="return" value={props.returnTo} />
        <label for="edit-text">Text (plain text; readers see it marked as edited)</label>
        <textarea id="edit-text" name="text" rows={10} dir="auto">
          {props.text}
        </textarea>
        <p>
          <button type="submit">Save</button> <a href={props.returnTo}>Cancel</a>
        </p>
      </form>
    </div>
  );
}

/** Everything one commenter (by e-mail hash) posted, and their bans. */
export function HistoryPage(props: {
  csrf: string;
  hash: string;
  items: QueueItem[];
  bans: CommentBan[];
  articleHref: (article: QueueItem["article"]) => string;
}) {
  return (
    <div class="moderation">
      <h1>Commenter {props.hash.slice(0, 8)}</h1>
      <p>
        {plural("en", props.items.length, { one: "1 comment", other: `${props.items.length} comments` })},
        newest first. The e-mail address is never shown; commenters are told apart by a keyed hash of it.
      </p>
      <BanList csrf={props.csrf} bans={props.bans} />
      <form method="post" action="/newsroom/comments/bans">
        <input type="hidden" name="_csrf" value={props.csrf} />
        <input type="hidden" name="kind" value="email" />
        <input type="hidden" name="hash" value={props.hash} />
        <label for="ban-reason">Reason</label> <input id="ban-reason" name="reason" maxLength={500} />{" "}
        <label for="ban-days">Days (empty: for good)</label>{" "}
        <input id="ban-days" name="days" inputMode="numeric" size={5} />{" "}
        <button type="submit" class="danger">
          Ban this commenter's e-mail
        </button>
      </form>
      <ol class="queue">
        {props.items.map((item) => (
          <QueueItemView
            key={item.id}
            item={item}
            articleHref={props.articleHref(item.article)}
            nextId={null}
            actions={false}
          />
        ))}
      </ol>
    </div>
  );
}

/** Bans in force, and a form to ban an e-mail or an address typed in. */
export function BansPage(props: {
  csrf: string;
  bans: CommentBan[];
  notice: string | null;
  error: string | null;
}) {
  return (
    <div class="moderation">
      <h1>Comment bans</h1>
      {props.notice ? (
        <p class="notice" role="status">
          {props.notice}
        </p>
      ) : null}
      {props.error ? (
        <p class="error" role="alert">
          {props.error}
        </p>
      ) : null}
      <form method="post" action="/newsroom/comments/bans" class="ban-form">
        <input type="hidden" name="_csrf" value={props.csrf} />
        <fieldset>
          <legend>Ban</legend>
          <label>
            <input type="radio" name="kind" value="email" checked /> an e-mail address
          </label>{" "}
          <label>
            <input type="radio" name="kind" value="ip" /> an IP address (IPv6: its /64)
          </label>
          <p>
            <label for="ban-value">Address</label>{" "}
            <input id="ban-value" name="value" maxLength={254} required />
          </p>
          <p>
            <label for="ban-reason">Reason</label> <input id="ban-reason" name="reason" maxLength={500} />{" "}
            <label for="ban-days">Days (empty: for good)</label>{" "}
            <input id="ban-days" name="days" inputMode="numeric" size={5} />
          </p>
          <button type="submit" class="danger">
            Ban
          </button>
        </fieldset>
      </form>
      <BanList csrf={props.csrf} bans={props.bans} />
    </div>
  );
}

function BanList({ csrf, bans }: { csrf: string; bans: CommentBan[] }) {
  if (bans.length === 0) return <p>No bans.</p>;
  return (
    <div class="table-wrap">
      <table>
        <thead>
          <tr>
            <th scope="col">Kind</th>
            <th scope="col">Hash</th>
            <th scope="col">Reason</th>
            <th scope="col">By</th>
            <th scope="col">Since</th>
            <th scope="col">Until</th>
            <th scope="col">
              <span class="visually-hidden">Lift</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {bans.map((ban) => (
            <tr key={ban.id}>
              <td>{ban.kind === "email" ? "e-mail" : "address"}</td>
              <td>
                {ban.kind === "email" ? (
                  <a href={`/newsroom/comments/commenter/${ban.valueHash}`}>{ban.valueHash.slice(0, 8)}</a>
                ) : (
                  ban.valueHash.slice(0, 8)
                )}
              </td>
              <td>{ban.reason}</td>
              <td>{ban.createdBy ?? "—"}</td>
              <td>{DATE.format(new Date(ban.createdAt))}</td>
              <td>{ban.expiresAt ? DATE.format(new Date(ban.expiresAt)) : "for good"}</td>
              <td>
                <form method="post" action={`/newsroom/comments/bans/${ban.id}/lift`}>
                  <input type="hidden" name="_csrf" value={csrf} />
                  <button type="submit" class="secondary">
                    Lift
                  </button>
                </form>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
