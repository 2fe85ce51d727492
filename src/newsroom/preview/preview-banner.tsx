/**
 * The line above a preview, inside <main> but outside the article's markup (which stays exactly the
 * reader's), with the way back to the newsroom.
 */
export function PreviewBanner({ articleId, published }: { articleId: number; published: boolean }) {
  return (
    <p class="preview-banner" role="status" data-preview-banner="">
      <strong>{published ? "Preview — published." : "Preview — not published."}</strong>{" "}
      {published ? "Readers see the article like this now." : "This is how readers will see the article."}{" "}
      <a href={`/newsroom/articles/${articleId}/workflow`}>Back to the newsroom</a>
    </p>
  );
}
