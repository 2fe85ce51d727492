import type { ManagedTag, TagNamesForm } from "../../../tags/tag-manager.ts";
import { CsrfInput, FormError, Notice } from "../../views/form-parts.tsx";
import { descendantIds, KindAndParentFields, TagOptions, tagLabel, tagPath, tagUrl } from "./tag-tree.tsx";

export interface TagPageProps {
  tag: ManagedTag;
  tags: readonly ManagedTag[];
  editions: readonly string[];
  /** The reader's archive of the tag in each edition where it has a name. */
  archives: Record<string, string>;
  csrf: string;
  /** The names form as typed, kept after a refusal. */
  form?: TagNamesForm | undefined;
  error?: string | null | undefined;
  notice?: string | null | undefined;
}

/** /newsroom/tags/:id: names, slugs and descriptions per edition; kind and parent; merge into another. */
export function TagPage(props: TagPageProps) {
  const { tag } = props;
  const url = tagUrl(tag.id);
  const form: TagNamesForm =
    props.form ??
    Object.fromEntries(
      props.editions.map((edition) => {
        const name = tag.names[edition];
        return [
          edition,
          { name: name?.name ?? "", slug: name?.slug ?? "", description: name?.description ?? "" },
        ];
      }),
    );
  const below = descendantIds(props.tags, tag.id);
  const notParents = new Set([tag.id, ...below]);
  return (
    <>
      <p class="crumbs">
        <a href="/newsroom/tags">Tags</a> › {tagPath(props.tags, tag)}
      </p>
      <h1>{tagLabel(tag)}</h1>
      {props.notice ? <Notice>{props.notice}</Notice> : null}
      <FormError message={props.error} />
      <p class="hint">
        {tag.kind} · key <code>{tag.key}</code> · {tag.storyCount}{" "}
        {tag.storyCount === 1 ? "story" : "stories"}
        {below.size > 0 ? ` · ${below.size} ${below.size === 1 ? "tag" : "tags"} below it` : ""}
      </p>

      <h2 id="names">Names, addresses and descriptions</h2>
      <form method="post" action={url} class="stack" aria-labelledby="names">
        <CsrfInput token={props.csrf} />
        {props.editions.map((edition) => {
          const fields = form[edition] ?? { name: "", slug: "", description: "" };
          const archive = props.archives[edition];
          return (
            <fieldset key={edition} class="edition-names">
              <legend>
                {edition}
                {archive ? (
                  <>
                    {" "}
                    · <a href={archive}>archive</a>
                  </>
                ) : null}
              </legend>
              <div class="field-row">
                <label>
                  Name
                  <input type="text" name={`${edition}.name`} value={fields.name} maxLength={120} />
                </label>
                <label>
                  Slug
                  <input type="text" name={`${edition}.slug`} value={fields.slug} maxLength={80} />
                </label>
              </div>
              <label>
                <span>
                  Description <span class="hint">(shown on the archive page, plain text)</span>
                </span>
                <textarea name={`${edition}.description`} rows={3} maxLength={1000}>
                  {fields.description}
                </textarea>
              </label>
            </fieldset>
          );
        })}
        <p class="hint">
          A new slug changes the archive's address; the old address keeps leading to it. An empty slug is made
          from the name.
        </p>
        <div>
          <button type="submit">Save names</button>
        </div>
      </form>

      <h2 id="place">Place in the taxonomy</h2>
      <form method="post" action={`${url}/move`} class="stack" aria-labelledby="place">
        <CsrfInput token={props.csrf} />
        <KindAndParentFields kind={tag.kind} parentId={tag.parentId} tags={props.tags} exclude={notParents} />
        <div>
          <button type="submit">Move</button>
        </div>
      </form>

      <h2 id="merge">Merge into another tag</h2>
      <form method="get" action={`${url}/merge`} class="stack" aria-labelledby="merge">
        <p class="hint">
          Its stories are tagged with the other tag instead, the tags below it move under the other, and its
          archive addresses lead to the other's. This tag is then deleted.
        </p>
        <label>
          Merge into
          <select name="into" required>
            <option value="">Choose a tag…</option>
            <TagOptions tags={props.tags} exclude={notParents} />
          </select>
        </label>
        <div>
          <button type="submit" class="danger">
            Merge…
          </button>
        </div>
      </form>
    </>
  );
}
