import { CsrfInput, FormError, NewPasswordFields, Notice } from "./form-parts.tsx";

export const FORGOT_PASSWORD_PATH = "/newsroom/forgot-password";

export interface ForgotPasswordPageProps {
  csrf: string;
  /** False when the site has no SMTP server: say so, and offer no form that would pretend to send. */
  canEmail: boolean;
  /** The request went through: the one answer, whether the address has an account or not. */
  sent?: boolean;
  /** What was typed, kept after a refusal. */
  email?: string;
  error?: string | null;
}

/** "Forgot your password?": an address in, a link out by e-mail (if the address has an account). */
export function ForgotPasswordPage(props: ForgotPasswordPageProps) {
  if (!props.canEmail) {
    return (
      <>
        <h1>Forgot your password?</h1>
        <p class="error" role="alert">
          This site does not send e-mail (no SMTP server is set up), so it cannot send you a link to choose a
          new password.
        </p>
        <p>
          Ask an administrator of the newsroom to reset your password: they will give you a one-time password
          to sign in with, and you will choose your own right after.
        </p>
        <p>
          <a href="/newsroom/sign-in">Back to sign in</a>
        </p>
      </>
    );
  }
  if (props.sent) {
    return (
      <>
        <h1>Check your e-mail</h1>
        <Notice>
          If an account exists for that address, we have sent it a link to choose a new password.
        </Notice>
        <p>
          The link works once, for one hour. If nothing arrives within a few minutes, look in your spam
          folder, check the address you typed, or ask an administrator to reset your password.
        </p>
        <p>
          <a href="/newsroom/sign-in">Back to sign in</a>
        </p>
      </>
    );
  }
  return (
    <>
      <h1>Forgot your password?</h1>
      <p>Type the email address of your newsroom account. We will send it a link to choose a new password.</p>
      <FormError message={props.error} />
      <form method="post" action={FORGOT_PASSWORD_PATH} class="stack">
        <CsrfInput token={props.csrf} />
        <label>
          Email
          <input
            type="email"
            name="email"
            value={props.email ?? ""}
            autocomplete="username"
            required
            autofocus
            maxLength={254}
          />
        </label>
        <div>
          <button type="submit">Send me a link</button>
        </div>
      </form>
      <p>
        <a href="/newsroom/sign-in">Back to sign in</a>
      </p>
    </>
  );
}

export interface ResetPasswordPageProps {
  csrf: string;
  /** The link's path (it holds the token); the form posts back to it. */
  action: string;
  email: string;
  error?: string | null;
}

/** The page a reset link opens: a new password, twice. */
export function ResetPasswordPage(props: ResetPasswordPageProps) {
  return (
    <>
      <h1>Choose a new password</h1>
      <p>
        For the account <strong>{props.email}</strong>. Once it is changed, every device signed in to this
        account is signed out.
      </p>
      <FormError message={props.error} />
      <form method="post" action={props.action} class="stack">
        <CsrfInput token={props.csrf} />
        <input type="email" name="email" value={props.email} autocomplete="username" hidden readOnly />
        <NewPasswordFields name="newPassword" label="New password" repeatLabel="New password again" />
        <div>
          <button type="submit">Set new password</button>
        </div>
      </form>
    </>
  );
}

/** A reset link that no longer works, and the way to a new one. */
export function ResetLinkUnusablePage(props: { message: string }) {
  return (
    <>
      <h1>This link does not work</h1>
      <p class="error" role="alert">
        {props.message}
      </p>
      <p>
        <a href={FORGOT_PASSWORD_PATH}>Ask for a new link</a> · <a href="/newsroom/sign-in">Sign in</a>
      </p>
    </>
  );
}
