import { plural } from "../../../shared/i18n/plural.ts";
import { CsrfInput, FormError, Notice } from "../../views/form-parts.tsx";
import type { MediaItem } from "../media-queries.ts";

/** The files an upload refused; one refused file means none of the upload was kept. */
export interface UploadOutcome {
  refused: { name: string; message: string }[];
}

export interface MediaLibraryPageProps {
  csrf: string;
  editions: readonly string[];
  items: readonly MediaItem[];
  q: string;
  /** The `before` of this page (absent on the first). */
  before: number | undefined;
  next: number | null;
  canUpload: boolean;
  maxMb: number;
  maxFiles: number;
  notice?: string | null;
  error?: string | null;
  outcome?: UploadOutcome | null;
  /** The credit as typed, kept after a refusal. */
  credit?: string;
}

export const ACCEPTED_TYPES = "image/jpeg,image/png,image/webp,image/gif,image/avif,image/tiff";

/** /newsroom/media: the upload form, the search box and the grid of pictures, newest first. */
export function MediaLibraryPage(props: MediaLibraryPageProps) {
  const query = (extra: Record<string, string>) => {
    const params = new URLSearchParams();
    if (props.q !== "") params.set("q", props.q);
    for (const [name, value] of Object.entries(extra)) params.set(name, value);
    const text = params.toString();
    return text === "" ? "/newsroom/media" : `/newsroom/media?${text}`;
  };
  return (
    <>
      <h1>Media library</h1>
      {props.notice ? <Notice>{props.notice}</Notice> : null}
      <FormError message={props.error} />
      {props.outcome ? <Outcome outcome={props.outcome} /> : null}

      {props.canUpload ? (
        <section aria-labelledby="upload-heading" class="media-upload">
          <h2 id="upload-heading">Upload</h2>
          <form method="post" action="/newsroom/media" enctype="multipart/form-data" class="stack">
            <CsrfInput token={props.csrf} />
            <label>
              Credit <span class="hint">(photographer / agency, shared by every edition; optional)</span>
              <input type="text" name="credit" maxLength={300} value={props.credit ?? ""} />
            </label>
            <label>
              Images
              <input type="file" name="file" accept={ACCEPTED_TYPES} multiple required />
            </label>
            <p class="hint">
              JPEG, PNG, WebP, GIF, AVIF or TIFF; up to {props.maxMb} MB and 40 megapixels each (fewer for
              AVIF, TIFF, GIF, WebP, progressive JPEG and interlaced PNG), {props.maxFiles} at a time.
              Captions and alt text are written per edition on each picture's page.
            </p>
            <div>
              <button type="submit">Upload</button>
            </div>
          </form>
        </section>
      ) : null}

      <search>
        <form method="get" action="/newsroom/media" class="media-search">
          <label for="media-q">Search the library</label>
          <input
            type="search"
            id="media-q"
            name="q"
            maxLength={200}
            value={props.q}
            placeholder="caption, alt text, credit or file name"
          />
          <button type="submit" class="secondary">
            Search
          </button>
        </form>
      </search>

      {props.q !== "" ? (
        <p class="hint">
          Pictures whose texts, credit or file name hold every word of “{props.q}”, newest first.{" "}
          <a href="/newsroom/media">Show all pictures</a>
        </p>
      ) : null}
      {props.items.length === 0 ? (
        <p>{props.q !== "" ? `Nothing in the library matches “${props.q}”.` : "The library is empty."}</p>
      ) : (
        <ul class="media-grid" aria-label={props.q !== "" ? `Pictures matching “${props.q}”` : "Pictures"}>
          {props.items.map((item) => (
            <MediaCard key={item.id} item={item} editions={props.editions} />
          ))}
        </ul>
      )}

      <nav class="pager" aria-label="Pages">
        {props.before !== undefined ? <a href={query({})}>Newest</a> : null}{" "}
        {props.next !== null ? (
          <a href={query({ before: String(props.next) })} rel="next">
            Older pictures
          </a>
        ) : null}
      </nav>
    </>
  );
}

function MediaCard({ item, editions }: { item: MediaItem; editions: readonly string[] }) {
  const href = `/newsroom/media/${item.id}`;
  return (
    <li class="media-card">
      <a href={href} class="media-thumb">
        <img
          src={item.thumbUrl}
          alt=""
          width={item.width}
          height={item.height}
          loading="lazy"
          decoding="async"
        />
        <span class="media-name">{item.originalName}</span>
      </a>
      <p class="media-credit">{item.credit ?? <span class="missing">no credit</span>}</p>
      <table class="media-texts">
        <caption class="visually-hidden">Captions of {item.originalName}</caption>
        <tbody>
          {editions.map((edition) => {
            const caption = item.texts[edition]?.caption;
            return (
              <tr key={edition}>
                <th scope="row" lang="en">
                  {edition}
                </th>
                <td lang={edition}>{caption ?? <span class="missing">no caption</span>}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </li>
  );
}

function Outcome({ outcome }: { outcome: UploadOutcome }) {
  if (outcome.refused.length === 0) return null;
  return (
    <div class="error" role="alert">
      <p>
        {plural("en", outcome.refused.length, {
          one: "This file was refused:",
          other: "These files were refused:",
        })}
      </p>
      <ul>
        {outcome.refused.map((refusal, index) => (
          <li key={`${index}-${refusal.name}`}>{refusal.message}</li>
        ))}
      </ul>
      <p>
        Nothing was uploaded: remove or replace{" "}
        {plural("en", outcome.refused.length, { one: "it", other: "them" })} and upload again.
      </p>
    </div>
  );
}
