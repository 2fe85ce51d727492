import type { ManagedSource, SourceForm } from "../../../sources/source-manager.ts";
import { CsrfInput, FormError, Notice } from "../../views/form-parts.tsx";
import { SourceFields, sourceUrl } from "./sources-page.tsx";

export interface SourcePageProps {
  source: ManagedSource;
  sources: readonly ManagedSource[];
  csrf: string;
  form?: SourceForm | undefined;
  error?: string | null | undefined;
  notice?: string | null | undefined;
}

/** /newsroom/sources/:id: edit the source; delete it when unused, or merge it into another. */
export function SourcePage(props: SourcePageProps) {
  const { source } = props;
  const url = sourceUrl(source.id);
  const form = props.form ?? { name: source.name, shortName: source.shortName ?? "", url: source.url ?? "" };
  const others = props.sources.filter((other) => other.id !== source.id);
  return (
    <>
      <p class="crumbs">
        <a href="/newsroom/sources">Sources</a> › {source.name}
      </p>
      <h1>{source.name}</h1>
      {props.notice ? <Notice>{props.notice}</Notice> : null}
      <FormError message={props.error} />
      <p>
        The source of {source.storyCount} {source.storyCount === 1 ? "story" : "stories"}; a change shows on
        their pages at once.
      </p>
      <form method="post" action={url} class="stack">
        <CsrfInput token={props.csrf} />
        <SourceFields form={form} />
        <div>
          <button type="submit">Save</button>
        </div>
      </form>

      {source.storyCount === 0 ? (
        <>
          <h2>Delete</h2>
          <p>No story is attributed to it.</p>
          <form method="get" action={`${url}/delete`}>
            <button type="submit" class="danger">
              Delete…
            </button>
          </form>
        </>
      ) : null}

      {others.length > 0 ? (
        <>
          <h2 id="merge">Merge into another source</h2>
          <form method="get" action={`${url}/merge`} class="stack" aria-labelledby="merge">
            <p class="hint">Its stories are attributed to the other source, and this one is deleted.</p>
            <label>
              Merge into
              <select name="into" required>
                <option value="">Choose a source…</option>
                {others.map((other) => (
                  <option key={other.id} value={String(other.id)}>
                    {other.name}
                  </option>
                ))}
              </select>
            </label>
            <div>
              <button type="submit" class="danger">
                Merge…
              </button>
            </div>
          </form>
        </>
      ) : null}
    </>
  );
}
