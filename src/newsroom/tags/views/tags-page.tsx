import type { ManagedTag } from "../../../tags/tag-manager.ts";
import { CsrfInput, FormError, Notice } from "../../views/form-parts.tsx";
import { KindAndParentFields, matchTags, TagMatches, TagTree } from "./tag-tree.tsx";

/** The new-tag form as typed, kept after a refusal. */
export interface NewTagForm {
  kind: string;
  parentId: string;
  names: Record<string, string>;
}

export interface TagsPageProps {
  tags: readonly ManagedTag[];
  editions: readonly string[];
  query: string;
  csrf: string;
  form?: NewTagForm | undefined;
  error?: string | null | undefined;
  notice?: string | null | undefined;
}

/** /newsroom/tags: the taxonomy as a tree by kind, a search over names, and a form for a new tag. */
export function TagsPage(props: TagsPageProps) {
  const form = props.form ?? { kind: "topic", parentId: "", names: {} };
  const query = props.query.trim();
  const matches = query === "" ? [] : matchTags(props.tags, query);
  return (
    <>
      <h1>Tags</h1>
      {props.notice ? <Notice>{props.notice}</Notice> : null}
      <FormError message={props.error} />
      <form method="get" action="/newsroom/tags" class="tag-search">
        <label>
          Find a tag
          <input type="search" name="q" value={props.query} placeholder="A name in any edition" />
        </label>
        <button type="submit">Find</button>
      </form>
      {query === "" ? (
        <TagTree tags={props.tags} />
      ) : (
        <section aria-labelledby="matches">
          <h2 id="matches">
            {matches.length} {matches.length === 1 ? "tag matches" : "tags match"} “{query}”
          </h2>
          <TagMatches tags={props.tags} matches={matches} />
          <p>
            <a href="/newsroom/tags">All tags</a>
          </p>
        </section>
      )}

      <h2 id="new-tag">New tag</h2>
      <form method="post" action="/newsroom/tags" class="stack" aria-labelledby="new-tag">
        <CsrfInput token={props.csrf} />
        <KindAndParentFields kind={form.kind} parentId={Number(form.parentId) || null} tags={props.tags} />
        <fieldset>
          <legend>Name per edition (at least one; the address is made from it)</legend>
          <div class="field-row">
            {props.editions.map((edition) => (
              <label key={edition}>
                {edition}
                <input
                  type="text"
                  name={`name.${edition}`}
                  value={form.names[edition] ?? ""}
                  maxLength={120}
                />
              </label>
            ))}
          </div>
        </fieldset>
        <div>
          <button type="submit">Create tag</button>
        </div>
      </form>
    </>
  );
}
