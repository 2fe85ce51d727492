import { CsrfInput, FormError, NewPasswordFields } from "./form-parts.tsx";

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
        <NewPasswordFields name="password" label="Password" repeatLabel="Password again" />
        <div>
          <button type="submit">Create my account</button>
        </div>
      </form>
    </>
  );
}
