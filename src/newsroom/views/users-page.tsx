import { ROLE_DESCRIPTIONS, ROLES } from "../../accounts/authorization/roles.ts";
import type { Invite } from "../../accounts/invite-service.ts";
import type { NewsroomUser, UserRecord } from "../../accounts/user-service.ts";
import { CsrfInput, EditionChoices, FormError, Notice } from "./form-parts.tsx";
import { formatUtc } from "./utc-time.ts";

export interface UsersPageProps {
  csrf: string;
  me: NewsroomUser;
  users: readonly UserRecord[];
  invites: readonly Invite[];
  /** The site's edition codes, for translators' editions. */
  editions: readonly string[];
  /** Just created: the link is shown this once and never again. */
  createdInvite?: { url: string; email: string; expiresAt: string } | null;
  /** Just reset by this admin: shown this once, to pass on; to be changed at the next sign-in. */
  oneTimePassword?: { email: string; oneTimePassword: string } | null;
  /** The invitation form as typed, kept after a refusal. */
  inviteForm?: {
    email: string;
    role: string;
    editions: readonly string[];
    /** "Create an author profile" ticked, with the byline's name. */
    createAuthor?: boolean;
    authorName?: string;
  };
  error?: string | null;
  notice?: string | null;
}

export function UsersPage(props: UsersPageProps) {
  const form = props.inviteForm ?? { email: "", role: "contributor", editions: [] };
  return (
    <>
      <h1>Users</h1>
      {props.notice ? <Notice>{props.notice}</Notice> : null}
      <FormError message={props.error} />
      {props.createdInvite ? (
        <div class="once" role="status">
          <p>
            Invitation for <strong>{props.createdInvite.email}</strong>, valid until{" "}
            {formatUtc(props.createdInvite.expiresAt)}. Send this link to them; it is shown only now and works
            once.
          </p>
          <label>
            Invitation link
            <input type="url" readOnly value={props.createdInvite.url} id="invite-link" />
          </label>
        </div>
      ) : null}

      {props.oneTimePassword ? (
        <div class="once" role="status">
          <p>
            The password of <strong>{props.oneTimePassword.email}</strong> has been reset and they have been
            signed out everywhere. Give them this one-time password by a way you trust; it is shown only now,
            and they choose their own password when they sign in with it.
          </p>
          <label>
            One-time password
            <input
              type="text"
              readOnly
              value={props.oneTimePassword.oneTimePassword}
              id="one-time-password"
            />
          </label>
        </div>
      ) : null}

      <h2>Invite someone</h2>
      <form method="post" action="/newsroom/users/invite" class="stack">
        <CsrfInput token={props.csrf} />
        <label>
          Email
          <input type="email" name="email" value={form.email} required />
        </label>
        <div class="field">
          <label for="invite-role">Role</label>
          <select name="role" id="invite-role">
            {ROLES.map((role) => (
              <option key={role} value={role} selected={role === form.role}>
                {role} — {ROLE_DESCRIPTIONS[role]}
              </option>
            ))}
          </select>
        </div>
        <EditionChoices
          name="editions"
          editions={props.editions}
          checked={form.editions}
          legend="Editions (translators only)"
        />
        <fieldset>
          <legend>Byline (reporters)</legend>
          <label>
            <input type="checkbox" name="createAuthor" value="yes" checked={form.createAuthor ?? false} />{" "}
            Create an author profile for them when they accept
          </label>
          <label>
            Name on the byline
            <input type="text" name="authorName" value={form.authorName ?? ""} maxLength={120} />
          </label>
        </fieldset>
        <div>
          <button type="submit">Create invitation</button>
        </div>
      </form>

      <h2>People</h2>
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Email</th>
              <th scope="col">Role</th>
              <th scope="col">Account</th>
            </tr>
          </thead>
          <tbody>
            {props.users.map((user) => (
              <UserRow key={user.id} user={user} me={props.me} csrf={props.csrf} editions={props.editions} />
            ))}
          </tbody>
        </table>
      </div>

      {props.invites.length > 0 ? (
        <>
          <h2>Open invitations</h2>
          <div class="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">Email</th>
                  <th scope="col">Role</th>
                  <th scope="col">Valid until</th>
                </tr>
              </thead>
              <tbody>
                {props.invites.map((invite) => (
                  <tr key={`${invite.email}-${invite.createdAt}`}>
                    <td>{invite.email}</td>
                    <td>
                      {invite.role}
                      {invite.editions.length > 0 ? ` (${invite.editions.join(", ")})` : ""}
                    </td>
                    <td>{formatUtc(invite.expiresAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      ) : null}
    </>
  );
}

function UserRow(props: { user: UserRecord; me: NewsroomUser; csrf: string; editions: readonly string[] }) {
  const { user } = props;
  const editable = user.id !== props.me.id && user.disabledAt === null;
  return (
    <tr class={user.disabledAt ? "disabled" : undefined}>
      <td>{user.name}</td>
      <td>{user.email}</td>
      <td>
        {editable ? (
          <form method="post" action={`/newsroom/users/${user.id}/role`}>
            <CsrfInput token={props.csrf} />
            <select name="role" aria-label={`Role of ${user.name}`}>
              {ROLES.map((role) => (
                <option key={role} value={role} selected={role === user.role}>
                  {role}
                </option>
              ))}
            </select>
            <EditionChoices
              name="editions"
              editions={props.editions}
              checked={user.editions}
              legend={`Editions of ${user.name} (translators)`}
            />
            <button type="submit" class="secondary">
              Change role
            </button>
          </form>
        ) : (
          <>
            {user.role}
            {user.editions.length > 0 ? ` (${user.editions.join(", ")})` : ""}
          </>
        )}
      </td>
      <td>
        {user.disabledAt ? (
          <>disabled {formatUtc(user.disabledAt)}</>
        ) : user.id === props.me.id ? (
          "you"
        ) : (
          <>
            <p>
              <a
                href={`/newsroom/users/${user.id}/reset-password`}
                aria-label={`Reset password of ${user.name}`}
              >
                Reset password
              </a>
            </p>
            <form method="post" action={`/newsroom/users/${user.id}/disable`}>
              <CsrfInput token={props.csrf} />
              <button type="submit" class="danger" aria-label={`Disable ${user.name}`}>
                Disable
              </button>
            </form>
          </>
        )}
        {user.mustChangePassword && !user.disabledAt ? (
          <p class="hint">one-time password not changed yet</p>
        ) : null}
      </td>
    </tr>
  );
}
