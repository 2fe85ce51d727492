import { plural } from "../../shared/i18n/plural.ts";
import { CsrfInput, FormError, NewPasswordFields, Notice } from "./form-parts.tsx";

export interface ChangePasswordPageProps {
  csrf: string;
  email: string;
  /** The password is a one-time one: say why this page comes first. */
  mustChange: boolean;
  next: string | undefined;
  sessions: number;
  error?: string | null;
  notice?: string | null;
}

export function ChangePasswordPage(props: ChangePasswordPageProps) {
  return (
    <>
      <h1>{props.mustChange ? "Choose your password" : "Your account"}</h1>
      {props.mustChange ? (
        <Notice>You signed in with a one-time password. Choose your own password to continue.</Notice>
      ) : null}
      {props.notice ? <Notice>{props.notice}</Notice> : null}
      <FormError message={props.error} />
      <h2>Change password</h2>
      <form method="post" action="/newsroom/change-password" class="stack">
        <CsrfInput token={props.csrf} />
        {props.next ? <input type="hidden" name="next" value={props.next} /> : null}
        <input type="email" name="email" value={props.email} autocomplete="username" hidden readOnly />
        <label>
          Current password
          <input type="password" name="currentPassword" autocomplete="current-password" required />
        </label>
        <NewPasswordFields name="newPassword" label="New password" repeatLabel="New password again" />
        <div>
          <button type="submit">Change password</button>
        </div>
      </form>
      <h2>API access tokens</h2>
      <p>
        Scripts and apps use the admin API with a personal access token:{" "}
        <a href="/newsroom/account/tokens">manage your tokens</a>.
      </p>
      <h2>Sessions</h2>
      <p>
        You are signed in{" "}
        {plural("en", props.sessions, {
          one: "on this browser only",
          other: `on ${props.sessions} browsers or devices`,
        })}
        . Signing out everywhere ends all of them, this one included.
      </p>
      <form method="post" action="/newsroom/sign-out-everywhere">
        <CsrfInput token={props.csrf} />
        <button type="submit" class="danger">
          Sign out everywhere
        </button>
      </form>
    </>
  );
}
