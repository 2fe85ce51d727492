import type { PageSummary } from "../../../pages/page-service.ts";
import { Notice } from "../../views/form-parts.tsx";
import { pageEditUrl } from "./page-urls.ts";

/** /newsroom/pages: every page of an edition (or all), its status and footer place, and a way to a new one. */
export function PagesPage(props: {
  pages: readonly PageSummary[];
  editions: readonly string[];
  /** The edition shown; null: every edition. */
  edition: string | null;
  /** The editions the user may write a new page in. */
  writable: readonly string[];
  notice?: string | null | undefined;
}) {
  const { pages, edition } = props;
  return (
    <>
      <h1>Pages</h1>
      <p class="hint">
        About, contact, privacy, corrections policy, terms: pages readers find at /{"{edition}"}/{"{slug}"},
        and in the footer when you list them there.
      </p>
      {props.notice ? <Notice>{props.notice}</Notice> : null}
      <nav aria-label="Editions" class="filters">
        <a href="/newsroom/pages" aria-current={edition === null ? "page" : undefined}>
          All editions
        </a>
        {props.editions.map((code) => (
          <span key={code}>
            {" · "}
            <a href={`/newsroom/pages?edition=${code}`} aria-current={edition === code ? "page" : undefined}>
              {code}
            </a>
          </span>
        ))}
      </nav>
      {pages.length === 0 ? (
        <p>No pages yet.</p>
      ) : (
        <table class="pages-list">
          <thead>
            <tr>
              <th scope="col">Title</th>
              <th scope="col">Edition</th>
              <th scope="col">Address</th>
              <th scope="col">Status</th>
              <th scope="col">Footer</th>
              <th scope="col">Translations</th>
            </tr>
          </thead>
          <tbody>
            {pages.map((page) => (
              <tr key={page.id}>
                <td>
                  <a href={pageEditUrl(page.id)}>{page.title}</a>
                </td>
                <td>{page.edition}</td>
                <td>
                  <code>/{page.slug}</code>
                </td>
                <td>
                  <span class={`status status-${page.status}`}>{page.status}</span>
                </td>
                <td>{page.inFooter ? `yes, ${page.footerPosition}` : "no"}</td>
                <td>{page.editions.filter((code) => code !== page.edition).join(", ") || "none"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {props.writable.length > 0 ? (
        <form method="get" action="/newsroom/pages/new" class="inline">
          <label>
            New page in{" "}
            <select name="edition">
              {props.writable.map((code) => (
                <option key={code} value={code} selected={code === edition}>
                  {code}
                </option>
              ))}
            </select>
          </label>{" "}
          <button type="submit">New page</button>
        </form>
      ) : null}
    </>
  );
}
