/** The body of a newsroom error page: what happened and a way on. */
export function ErrorPanel({ title, message }: { title: string; message: string }) {
  return (
    <>
      <h1>{title}</h1>
      <p class="error">{message}</p>
      <p>
        <a href="/newsroom">Back to the newsroom</a>
      </p>
    </>
  );
}
