import type { AccessTokenRecord } from "../../accounts/access-token-service.ts";
import { CsrfInput, FormError, Notice } from "./form-parts.tsx";
import { formatUtc } from "./utc-time.ts";

export const TOKENS_PATH = "/newsroom/account/tokens";

export interface TokensPageProps {
  csrf: string;
  tokens: AccessTokenRecord[];
  /** A token just made: shown this once. */
  created?: { token: string; name: string } | null;
  error?: string | null;
  notice?: string | null;
  /** What the form sent, kept after an error. */
  name?: string;
  expiresDays?: string;
}

/** The signed-in user's personal access tokens for the admin API: make, list, revoke. */
export function TokensPage(props: TokensPageProps) {
  return (
    <>
      <h1>Access tokens</h1>
      <p>
        A personal access token lets a script or app use the admin API (<a href="/api/docs">reference</a>) as
        you, with your role and editions. Send it as <code>Authorization: Bearer trb_…</code>. Revoke a token
        you no longer use.
      </p>
      {props.notice ? <Notice>{props.notice}</Notice> : null}
      {props.created ? (
        <section class="notice" aria-labelledby="new-token">
          <h2 id="new-token">Your new token "{props.created.name}"</h2>
          <p>Copy it now: it is shown this once and cannot be shown again.</p>
          <p>
            <input type="text" readOnly value={props.created.token} aria-label="The new token" size={52} />
          </p>
        </section>
      ) : null}
      <FormError message={props.error} />
      <h2>New token</h2>
      <form method="post" action={TOKENS_PATH} class="stack">
        <CsrfInput token={props.csrf} />
        <label>
          Name (what it is for)
          <input
            type="text"
            name="name"
            maxLength={80}
            value={props.name ?? ""}
            placeholder="Newsletter script"
          />
        </label>
        <label>
          Expires after (days; empty: until revoked)
          <input type="number" name="expiresDays" min={1} max={3650} value={props.expiresDays ?? ""} />
        </label>
        <div>
          <button type="submit">Create token</button>
        </div>
      </form>
      <h2>Your tokens</h2>
      {props.tokens.length === 0 ? (
        <p>You have no tokens.</p>
      ) : (
        <table class="tokens">
          <thead>
            <tr>
              <th>Name</th>
              <th>Created</th>
              <th>Last used</th>
              <th>Expiry</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {props.tokens.map((token) => (
              <tr key={token.id} data-token-id={token.id}>
                <td>{token.name}</td>
                <td>{formatUtc(token.createdAt)}</td>
                <td>{token.lastUsedAt ? formatUtc(token.lastUsedAt) : "never"}</td>
                <td>
                  {token.state === "revoked"
                    ? `revoked ${formatUtc(token.revokedAt ?? token.createdAt)}`
                    : token.expiresAt
                      ? `${token.state === "expired" ? "expired" : "expires"} ${formatUtc(token.expiresAt)}`
                      : "none"}
                </td>
                <td>
                  {token.state === "revoked" ? null : (
                    <a href={`${TOKENS_PATH}/${token.id}/revoke`}>Revoke</a>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
