export function ErrorPage({
  title,
  text,
  frontHref,
  frontLabel,
}: {
  title: string;
  text: string;
  frontHref: string;
  frontLabel: string;
}) {
  return (
    <section class="error-page">
      <h1>{title}</h1>
      <p>{text}</p>
      <p>
        <a href={frontHref}>{frontLabel}</a>
      </p>
    </section>
  );
}
