import type { ContentKeySummary } from "../../../accounts/content-keys.ts";
import { WEBHOOK_EVENTS } from "../../../webhooks/webhook-events.ts";
import type { WebhookDeliveryLine, WebhookForm, WebhookSummary } from "../../../webhooks/webhook-model.ts";
import { CsrfInput, FormError, Notice } from "../../views/form-parts.tsx";
import { formatUtc } from "../../views/utc-time.ts";

export function webhookUrl(id: number): string {
  return `/newsroom/webhooks/${id}`;
}

export const EMPTY_WEBHOOK_FORM: WebhookForm = { url: "", events: [...WEBHOOK_EVENTS], active: true };

/** A secret or key shown once, right after it was made. */
export interface ShownOnce {
  label: string;
  value: string;
}

/** Address, events and the active flag: the same fields for a new hook and an edited one. */
export function WebhookFields({ form }: { form: WebhookForm }) {
  return (
    <>
      <label>
        <span>
          Address <span class="hint">(http or https; deliveries are POSTed here)</span>
        </span>
        <input type="url" name="url" value={form.url} required placeholder="https://" />
      </label>
      <fieldset>
        <legend>Events</legend>
        {WEBHOOK_EVENTS.map((event) => (
          <label key={event}>
            <input type="checkbox" name="events" value={event} checked={form.events.includes(event)} />{" "}
            {event}
          </label>
        ))}
      </fieldset>
      <fieldset>
        <legend>Deliveries</legend>
        <label>
          <input type="checkbox" name="active" value="yes" checked={form.active} /> Active (sent as events
          happen)
        </label>
      </fieldset>
    </>
  );
}

function ShownOnceNotice({ shown }: { shown: ShownOnce | undefined }) {
  if (!shown) return null;
  return (
    <div class="notice" role="status">
      <p>{shown.label} Copy it now: it is not shown again.</p>
      <p>
        <code class="secret">{shown.value}</code>
      </p>
    </div>
  );
}

export interface WebhooksPageProps {
  hooks: readonly WebhookSummary[];
  keys: readonly ContentKeySummary[];
  keysRequired: boolean;
  csrf: string;
  form?: WebhookForm | undefined;
  error?: string | null | undefined;
  keyError?: string | null | undefined;
  keyName?: string | undefined;
  notice?: string | null | undefined;
  shown?: ShownOnce | undefined;
}

/** /newsroom/webhooks: the hooks with their last delivery, a form for a new one, and the content API keys. */
export function WebhooksPage(props: WebhooksPageProps) {
  return (
    <>
      <h1>Webhooks</h1>
      {props.notice ? <Notice>{props.notice}</Notice> : null}
      <ShownOnceNotice shown={props.shown} />
      <FormError message={props.error} />
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">Address</th>
              <th scope="col">Events</th>
              <th scope="col">Active</th>
              <th scope="col">Waiting</th>
              <th scope="col">Last delivery</th>
            </tr>
          </thead>
          <tbody>
            {props.hooks.map((hook) => (
              <tr key={hook.id}>
                <td class="url-cell">
                  <a href={webhookUrl(hook.id)}>{hook.url}</a>
                </td>
                <td>{hook.events.join(", ")}</td>
                <td>{hook.active ? "yes" : "no"}</td>
                <td>{hook.pending}</td>
                <td>{hook.lastDelivery ? deliveryOutcome(hook.lastDelivery) : "none yet"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {props.hooks.length === 0 ? <p>No webhooks yet.</p> : null}

      <h2 id="new-webhook">New webhook</h2>
      <form method="post" action="/newsroom/webhooks" class="stack" aria-labelledby="new-webhook">
        <CsrfInput token={props.csrf} />
        <WebhookFields form={props.form ?? EMPTY_WEBHOOK_FORM} />
        <div>
          <button type="submit">Add webhook</button>
        </div>
      </form>

      <h2 id="content-keys">Content API keys</h2>
      <p>
        {props.keysRequired
          ? "The content API (/api/v1) answers only requests carrying one of these keys (?key= or X-Tribune-Key)."
          : "The content API is open to everyone: keys are asked for only when API_REQUIRE_CONTENT_KEY=true."}
      </p>
      <FormError message={props.keyError} />
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Created</th>
              <th scope="col">Last used</th>
              <th scope="col">State</th>
            </tr>
          </thead>
          <tbody>
            {props.keys.map((key) => (
              <tr key={key.id}>
                <td>{key.name}</td>
                <td>{formatUtc(key.createdAt)}</td>
                <td>{key.lastUsedAt ? formatUtc(key.lastUsedAt) : "never"}</td>
                <td>
                  {key.revokedAt ? (
                    `revoked ${formatUtc(key.revokedAt)}`
                  ) : (
                    <a href={`/newsroom/webhooks/keys/${key.id}/revoke`}>Revoke…</a>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {props.keys.length === 0 ? <p>No content keys yet.</p> : null}
      <form method="post" action="/newsroom/webhooks/keys" class="stack" aria-labelledby="content-keys">
        <CsrfInput token={props.csrf} />
        <label>
          Name of the new key <span class="hint">(who uses it: an app, a partner)</span>
          <input type="text" name="name" value={props.keyName ?? ""} required maxLength={120} />
        </label>
        <div>
          <button type="submit">Make a key</button>
        </div>
      </form>
    </>
  );
}

function deliveryOutcome(line: WebhookDeliveryLine): string {
  const answer =
    line.responseStatus === null ? (line.lastError ?? "not sent yet") : `HTTP ${line.responseStatus}`;
  return `${line.event}: ${line.status} (${answer})`;
}

export interface WebhookPageProps {
  hook: WebhookSummary;
  deliveries: readonly WebhookDeliveryLine[];
  csrf: string;
  form?: WebhookForm | undefined;
  error?: string | null | undefined;
  notice?: string | null | undefined;
  shown?: ShownOnce | undefined;
}

/** /newsroom/webhooks/:id: the hook's settings and its delivery log. */
export function WebhookPage(props: WebhookPageProps) {
  const { hook } = props;
  return (
    <>
      <p>
        <a href="/newsroom/webhooks">← Webhooks</a>
      </p>
      <h1>Webhook {hook.id}</h1>
      {props.notice ? <Notice>{props.notice}</Notice> : null}
      <ShownOnceNotice shown={props.shown} />
      <FormError message={props.error} />
      <form method="post" action={webhookUrl(hook.id)} class="stack" aria-label="Webhook settings">
        <CsrfInput token={props.csrf} />
        <WebhookFields form={props.form ?? hook} />
        <div>
          <button type="submit">Save</button> <a href={`${webhookUrl(hook.id)}/delete`}>Delete…</a>
        </div>
      </form>

      <h2 id="deliveries">Deliveries</h2>
      <p>
        The newest {props.deliveries.length === 0 ? "" : props.deliveries.length} first. A failed attempt is
        tried again after 1 minute, 5 minutes, 30 minutes, 2 hours and 12 hours, then given up.
      </p>
      <div class="table-wrap">
        <table aria-labelledby="deliveries">
          <thead>
            <tr>
              <th scope="col">Event</th>
              <th scope="col">Happened</th>
              <th scope="col">State</th>
              <th scope="col">Answer</th>
              <th scope="col">Attempts</th>
              <th scope="col">Last attempt</th>
              <th scope="col">Next attempt</th>
            </tr>
          </thead>
          <tbody>
            {props.deliveries.map((line) => (
              <tr key={line.id} data-delivery={line.deliveryId}>
                <td>{line.event}</td>
                <td>{formatUtc(line.createdAt)}</td>
                <td>{line.status}</td>
                <td>
                  {line.responseStatus === null ? (line.lastError ?? "") : `HTTP ${line.responseStatus}`}
                </td>
                <td>{line.attempts}</td>
                <td>{line.lastAttemptAt ? formatUtc(line.lastAttemptAt) : ""}</td>
                <td>{line.nextAttemptAt ? formatUtc(line.nextAttemptAt) : ""}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {props.deliveries.length === 0 ? <p>No deliveries yet.</p> : null}
    </>
  );
}
