import type { ComponentChildren } from "preact";

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
