/**
 * The line above a preview, inside <main> but outside the article's markup (which stays exactly the
 * reader's), with the way back to the newsroom.
 */
export function PreviewBanner({
  of,
  published,
  backHref,
}: {
  /** What is previewed: "article", "page". */
  of: string;
  published: boolean;
  /** Where in the newsroom the editor came from. */
  backHref: string;
}) {
  return (
    <p class="preview-banner" role="status" data-preview-banner="">
      <strong>{published ? "Preview — published." : "Preview — not published."}</strong>{" "}
      {published ? `Readers see the ${of} like this now.` : `This is how readers will see the ${of}.`}{" "}
      <a href={backHref}>Back to the newsroom</a>
    </p>
  );
}
