import { MIN_PASSWORD_LENGTH } from "../../accounts/password.ts";
import { CsrfInput, FormError } from "./form-parts.tsx";

export interface InvitePageProps {
  csrf: string;
  token: string;
  email: string;
  role: string;
  editions: readonly string[];
  name: string;
  error?: string | null;
}

export function InvitePage(props: InvitePageProps) {
  return (
    <>
      <h1>Join the newsroom</h1>
      <p>
        You are invited as <strong>{props.role}</strong>
        {props.editions.length > 0 ? ` for ${props.editions.join(", ")}` : ""} with the email{" "}
        <strong>{props.email}</strong>. Choose your name and password.
      </p>
      <FormError message={props.error} />
      <form method="post" action={`/newsroom/invite/${props.token}`} class="stack">
        <CsrfInput token={props.csrf} />
        <input type="email" name="email" value={props.email} autocomplete="username" hidden readOnly />
        <label>
          Your name
          <input type="text" name="name" value={props.name} autocomplete="name" required maxLength={120} />
        </label>
        <label>
          Password
          <input
            type="password"
            name="password"
            autocomplete="new-password"
            minLength={MIN_PASSWORD_LENGTH}
            required
            aria-describedby="password-hint"
          />
        </label>
        <p class="hint" id="password-hint">
          At least {MIN_PASSWORD_LENGTH} characters, and not your email address.
        </p>
        <label>
          Password again
          <input type="password" name="repeatPassword" autocomplete="new-password" required />
        </label>
        <div>
          <button type="submit">Create my account</button>
        </div>
      </form>
    </>
  );
}
