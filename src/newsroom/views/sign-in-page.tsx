import { CsrfInput, FormError, Notice } from "./form-parts.tsx";

export interface SignInPageProps {
  csrf: string;
  /** What was typed, kept after a refusal. */
  email: string;
  next: string | undefined;
  error?: string | null;
  notice?: string | null;
}

export function SignInPage(props: SignInPageProps) {
  return (
    <>
      <h1>Sign in</h1>
      {props.notice ? <Notice>{props.notice}</Notice> : null}
      <FormError message={props.error} />
      <form method="post" action="/newsroom/sign-in" class="stack">
        <CsrfInput token={props.csrf} />
        {props.next ? <input type="hidden" name="next" value={props.next} /> : null}
        <label>
          Email
          <input
            type="email"
            name="email"
            value={props.email}
            autocomplete="username"
            required
            autofocus={props.email === ""}
          />
        </label>
        <label>
          Password
          <input
            type="password"
            name="password"
            autocomplete="current-password"
            required
            autofocus={props.email !== ""}
          />
        </label>
        <div>
          <button type="submit">Sign in</button>
        </div>
      </form>
      <p>
        <a href="/newsroom/forgot-password">Forgot your password?</a>
      </p>
    </>
  );
}
