import type { ManagedSource, SourceForm } from "../../../sources/source-manager.ts";
import { CsrfInput, FormError, Notice } from "../../views/form-parts.tsx";

export function sourceUrl(sourceId: number): string {
  return `/newsroom/sources/${sourceId}`;
}

/** Name, short name and address: the same fields for a new source and an edited one. */
export function SourceFields({ form }: { form: SourceForm }) {
  return (
    <>
      <label>
        Name
        <input type="text" name="name" value={form.name} required maxLength={120} />
      </label>
      <div class="field-row">
        <label>
          <span>
            Short name <span class="hint">(optional, up to 20 characters)</span>
          </span>
          <input type="text" name="shortName" value={form.shortName} maxLength={20} />
        </label>
        <label>
          <span>
            Address <span class="hint">(optional, http or https)</span>
          </span>
          <input type="url" name="url" value={form.url} placeholder="https://" />
        </label>
      </div>
    </>
  );
}

export interface SourcesPageProps {
  sources: readonly ManagedSource[];
  csrf: string;
  form?: SourceForm | undefined;
  error?: string | null | undefined;
  notice?: string | null | undefined;
}

/** /newsroom/sources: every source with how many stories it is given for, and a form for a new one. */
export function SourcesPage(props: SourcesPageProps) {
  return (
    <>
      <h1>Sources</h1>
      {props.notice ? <Notice>{props.notice}</Notice> : null}
      <FormError message={props.error} />
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Short name</th>
              <th scope="col">Address</th>
              <th scope="col">Stories</th>
            </tr>
          </thead>
          <tbody>
            {props.sources.map((source) => (
              <tr key={source.id}>
                <td class="title-cell">
                  <a href={sourceUrl(source.id)}>{source.name}</a>
                </td>
                <td>{source.shortName ?? ""}</td>
                <td class="url-cell">{source.url ?? ""}</td>
                <td>{source.storyCount}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {props.sources.length === 0 ? <p>No sources yet.</p> : null}

      <h2 id="new-source">New source</h2>
      <form method="post" action="/newsroom/sources" class="stack" aria-labelledby="new-source">
        <CsrfInput token={props.csrf} />
        <SourceFields form={props.form ?? { name: "", shortName: "", url: "" }} />
        <div>
          <button type="submit">Add source</button>
        </div>
      </form>
    </>
  );
}
