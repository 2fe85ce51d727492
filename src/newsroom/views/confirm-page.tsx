import type { ComponentChildren } from "preact";
import { formText } from "../http/form.ts";
import { CsrfInput } from "./form-parts.tsx";

/**
 * The second step of an action that cannot be taken back lightly: what it does, said before it is
 * done, and a form that confirms it (no script needed). `back` is where Cancel leads.
 */
export function ConfirmPage(props: {
  heading: string;
  subject: ComponentChildren;
  text: string;
  action: string;
  button: string;
  danger?: boolean;
  back: string;
  csrfToken: string;
  /** Fields the confirming form sends again (the articles a bulk action is for). */
  carry?: readonly [name: string, value: string][];
}) {
  return (
    <section class="confirm-action" aria-labelledby="confirm-heading">
      <h1 id="confirm-heading">{props.heading}</h1>
      {typeof props.subject === "string" ? (
        <p>
          <strong>{props.subject}</strong>
        </p>
      ) : (
        props.subject
      )}
      <p>{props.text}</p>
      <form method="post" action={props.action} class="inline">
        <CsrfInput token={props.csrfToken} />
        <input type="hidden" name="confirm" value="yes" />
        {(props.carry ?? []).map(([name, value]) => (
          <input key={`${name}=${value}`} type="hidden" name={name} value={value} />
        ))}
        <button type="submit" class={props.danger ? "danger" : undefined}>
          {props.button}
        </button>
      </form>{" "}
      <a href={props.back}>Cancel</a>
    </section>
  );
}

/** Whether a POST comes from the ConfirmPage's form. */
export function isConfirmed(body: unknown): boolean {
  return formText(body, "confirm") === "yes";
}
