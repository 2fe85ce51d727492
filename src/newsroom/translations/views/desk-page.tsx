import type { TranslationState } from "../../../articles/translation-status.ts";
import { CsrfInput, Notice } from "../../views/form-parts.tsx";
import { DESK_STATES, type DeskFilter, type TranslationDesk } from "../translation-desk.ts";

export const STATE_LABELS: Record<TranslationState, string> = {
  original: "original",
  "up-to-date": "up to date",
  outdated: "outdated",
  missing: "missing",
};

export interface DeskPageProps {
  desk: TranslationDesk;
  filter: DeskFilter;
  /** Editions in which this user may start a translation. */
  canStart: readonly string[];
  csrfToken: string;
  notice?: string | null | undefined;
}

/** The translation desk: which editions each story has, lacks, or has out of date. */
export function DeskPage({ desk, filter, canStart, csrfToken, notice }: DeskPageProps) {
  return (
    <>
      <h1>Translation desk</h1>
      {notice ? <Notice>{notice}</Notice> : null}
      <form method="get" action="/newsroom/translations" class="filters" aria-label="Filter the desk">
        <div class="field">
          <label for="desk-edition">Edition</label>
          <select id="desk-edition" name="edition">
            <option value="">All{desk.editionChoices.length < 3 ? " of mine" : ""}</option>
            {desk.editionChoices.map((code) => (
              <option key={code} value={code} selected={filter.edition === code}>
                {code}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="desk-state">State</label>
          <select id="desk-state" name="state">
            <option value="">Any</option>
            {DESK_STATES.map((state) => (
              <option key={state} value={state} selected={filter.state === state}>
                {STATE_LABELS[state]}
              </option>
            ))}
          </select>
        </div>
        {filter.storyId !== undefined ? <input type="hidden" name="story" value={filter.storyId} /> : null}
        <button type="submit">Filter</button>
      </form>
      {desk.stories.length === 0 ? (
        <p>No story matches.</p>
      ) : (
        <div class="table-wrap">
          <table class="desk">
            <caption class="hint">
              The newest {desk.scanned} stories; {desk.stories.length} shown.
            </caption>
            <thead>
              <tr>
                <th scope="col">Story (original)</th>
                <th scope="col">Status</th>
                {desk.editions.map((code) => (
                  <th key={code} scope="col">
                    {code}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {desk.stories.map((story) => (
                <tr key={story.storyId} data-story={story.storyId}>
                  <td>
                    {story.original ? story.original.title : <em>(no original yet)</em>}{" "}
                    <span class="nr-role">{story.originalEdition}</span>{" "}
                    {/* Two stories may share a title: the number tells them apart. */}
                    <span class="hint">story #{story.storyId}</span>
                  </td>
                  <td data-original-status={story.original?.status ?? ""}>{story.original?.status ?? "—"}</td>
                  {story.editions.map((entry) => (
                    <td key={entry.edition} data-edition={entry.edition} data-state={entry.state}>
                      <span class={`state-${entry.state}`}>{STATE_LABELS[entry.state]}</span>
                      {entry.state !== "original" && entry.status ? (
                        <span class="hint"> ({entry.status})</span>
                      ) : null}
                      {entry.state === "missing" && story.original && canStart.includes(entry.edition) ? (
                        <form method="post" action="/newsroom/translations/start" class="inline">
                          <CsrfInput token={csrfToken} />
                          <input type="hidden" name="storyId" value={story.storyId} />
                          <input type="hidden" name="edition" value={entry.edition} />{" "}
                          <button type="submit" aria-label={`Translate into ${entry.edition}`}>
                            Translate
                          </button>
                        </form>
                      ) : null}
                      {(entry.state === "up-to-date" || entry.state === "outdated") &&
                      entry.articleId &&
                      entry.readable ? (
                        <>
                          {" "}
                          <a href={`/newsroom/translations/${entry.articleId}`}>
                            {entry.state === "outdated" ? "Update" : "Open"}
                          </a>
                        </>
                      ) : null}
                      {entry.state === "original" && entry.articleId && entry.readable ? (
                        <>
                          {" "}
                          <a href={`/newsroom/articles/${entry.articleId}/workflow`}>Open</a>
                        </>
                      ) : null}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
