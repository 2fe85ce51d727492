import { formText } from "../http/form.ts";
import { CsrfInput } from "./form-parts.tsx";

/**
 * The second step of an action that cannot be taken back lightly: what it does, said before it is
 * done, and a form that confirms it (no script needed). `back` is where Cancel leads.
 */
export function ConfirmPage(props: {
  heading: string;
  subject: string;
  text: string;
  action: string;
  button: string;
  danger?: boolean;
  back: string;
  csrfToken: string;
}) {
  return (
    <section class="confirm-action" aria-labelledby="confirm-heading">
      <h1 id="confirm-heading">{props.heading}</h1>
      <p>
        <strong>{props.subject}</strong>
      </p>
      <p>{props.text}</p>
      <form method="post" action={props.action} class="inline">
        <CsrfInput token={props.csrfToken} />
        <input type="hidden" name="confirm" value="yes" />
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
