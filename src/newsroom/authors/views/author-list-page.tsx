/** One author as the list shows them. */
export interface AuthorListItem {
  id: number;
  name: string;
  slug: string;
  userName: string | null;
  storyCount: number;
  /** Whether the signed-in user may open the edit page. */
  editable: boolean;
}

/** `/newsroom/authors`: every byline, searchable, with who writes as them and how many stories. */
export function AuthorListPage(props: { authors: AuthorListItem[]; search: string; canCreate: boolean }) {
  const { authors, search } = props;
  return (
    <section>
      <h1>Authors</h1>
      {props.canCreate ? (
        <p>
          <a href="/newsroom/authors/new">New author</a>
        </p>
      ) : null}
      <search>
        <form method="get" action="/newsroom/authors">
          <label for="authors-q">Name or address</label>{" "}
          <input id="authors-q" name="q" type="search" value={search} maxLength={120} />{" "}
          <button type="submit">Search</button>
        </form>
      </search>
      {authors.length === 0 ? (
        <p>{search ? `No author matches “${search}”.` : "No authors yet."}</p>
      ) : (
        <div class="table-wrap">
          <table class="authors-list">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Address (slug)</th>
                <th scope="col">Newsroom account</th>
                <th scope="col">Stories</th>
              </tr>
            </thead>
            <tbody>
              {authors.map((author) => (
                <tr key={author.id}>
                  <td>
                    {author.editable ? (
                      <a href={`/newsroom/authors/${author.id}/edit`}>{author.name}</a>
                    ) : (
                      author.name
                    )}
                  </td>
                  <td>{author.slug}</td>
                  <td>{author.userName ?? "—"}</td>
                  <td>{author.storyCount}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
