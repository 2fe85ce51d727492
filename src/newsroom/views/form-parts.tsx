import type { ComponentChildren } from "preact";
import { MIN_PASSWORD_LENGTH } from "../../accounts/password.ts";

/** The CSRF token field every newsroom form carries. */
export function CsrfInput({ token }: { token: string }) {
  return <input type="hidden" name="_csrf" value={token} />;
}

/** A refusal at the top of a form, announced to screen readers. */
export function FormError({ message }: { message: string | null | undefined }) {
  return message ? (
    <p class="error" role="alert">
      {message}
    </p>
  ) : null;
}

export function Notice({ children }: { children: ComponentChildren }) {
  return (
    <p class="notice" role="status">
      {children}
    </p>
  );
}

/** One checkbox per edition, `checked` ticked. */
export function EditionChoices(props: {
  name: string;
  editions: readonly string[];
  checked: readonly string[];
  legend: string;
}) {
  return (
    <fieldset>
      <legend>{props.legend}</legend>
      {props.editions.map((code) => (
        <label key={code}>
          <input type="checkbox" name={props.name} value={code} checked={props.checked.includes(code)} />{" "}
          {code}
        </label>
      ))}
    </fieldset>
  );
}

/** A new password and the same again, with the rules said beside it (`name` and `repeatPassword`). */
export function NewPasswordFields(props: { name: string; label: string; repeatLabel: string }) {
  return (
    <>
      <label>
        {props.label}
        <input
          type="password"
          name={props.name}
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
        {props.repeatLabel}
        <input type="password" name="repeatPassword" autocomplete="new-password" required />
      </label>
    </>
  );
}
