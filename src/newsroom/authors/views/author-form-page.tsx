import type { AuthorLink } from "../../../authors/author-profile.ts";
import type { MediaChoice } from "../../editor/editor-types.ts";
import { CsrfInput, FormError, Notice } from "../../views/form-parts.tsx";

/** What the form shows: the stored profile, or what was typed when it was refused. */
export interface AuthorFormValues {
  name: string;
  slug: string;
  bio: string;
  bios: Record<string, string>;
  photoMediaId: number | null;
  links: AuthorLink[];
}

export interface AuthorFormPageProps {
  csrf: string;
  /** Null for a new author. */
  authorId: number | null;
  values: AuthorFormValues;
  editions: readonly string[];
  /** Pictures to choose the photo from: the current one first, then the search results or the newest. */
  photos: MediaChoice[];
  photoSearch: string;
  /** Who writes as this author, and the link to their page on the site. */
  linkedUser: string | null;
  storyCount: number;
  canDelete: boolean;
  error?: string | null;
  saved?: boolean;
}

const LINK_ROWS = 3;

/** `/newsroom/authors/new` and `/newsroom/authors/:id/edit`: a profile, one bio field per edition. */
export function AuthorFormPage(props: AuthorFormPageProps) {
  const { values, authorId } = props;
  const action = authorId === null ? "/newsroom/authors" : `/newsroom/authors/${authorId}`;
  const editPath = authorId === null ? "/newsroom/authors/new" : `/newsroom/authors/${authorId}/edit`;
  const links = [...values.links];
  while (links.length < Math.max(LINK_ROWS, values.links.length + 1)) links.push({ label: "", url: "" });
  return (
    <section class="author-form">
      <p>
        <a href="/newsroom/authors">All authors</a>
      </p>
      <h1>{authorId === null ? "New author" : values.name}</h1>
      {props.saved ? <Notice>Saved. The author's page and bylines show it now.</Notice> : null}
      {authorId !== null ? (
        <p class="hint">
          {props.linkedUser ? `Newsroom account: ${props.linkedUser}. ` : ""}
          Byline of {props.storyCount} {props.storyCount === 1 ? "story" : "stories"}.
        </p>
      ) : null}
      <FormError message={props.error} />
      {/* The photo search's own form: its field and button sit in the Photo fieldset (form="…"). */}
      <form id="photo-search" method="get" action={editPath} />
      <form method="post" action={action} class="stack">
        <CsrfInput token={props.csrf} />
        <label>
          Name
          <input type="text" name="name" value={values.name} required maxLength={120} />
        </label>
        <label>
          Address on the site (slug; made from the name when empty)
          <input type="text" name="slug" value={values.slug} maxLength={120} />
        </label>
        <fieldset class="photo-choices">
          <legend>Photo</legend>
          <div class="photo-search">
            <label for="photo-q">Find one in the media library</label>{" "}
            <input
              id="photo-q"
              form="photo-search"
              name="photo"
              type="search"
              value={props.photoSearch}
              maxLength={120}
            />{" "}
            <button type="submit" form="photo-search">
              Find
            </button>
          </div>
          <label>
            <input type="radio" name="photoMediaId" value="" checked={values.photoMediaId === null} /> No
            photo
          </label>
          {props.photos.map((photo) => (
            <label key={photo.id} class="photo-choice">
              <input
                type="radio"
                name="photoMediaId"
                value={String(photo.id)}
                checked={values.photoMediaId === photo.id}
              />{" "}
              <img
                src={photo.thumb}
                alt=""
                width={64}
                height={Math.round((64 * photo.height) / photo.width)}
              />{" "}
              {photo.name} (#{photo.id})
            </label>
          ))}
        </fieldset>
        <label>
          Default bio (shown in an edition without its own)
          <textarea name="bio" rows={3} maxLength={2000}>
            {values.bio}
          </textarea>
        </label>
        {props.editions.map((edition) => (
          <label key={edition}>
            Bio in the {edition} edition
            <textarea name={`bio.${edition}`} rows={3} maxLength={2000} lang={edition}>
              {values.bios[edition] ?? ""}
            </textarea>
          </label>
        ))}
        <fieldset>
          <legend>Links (http or https addresses)</legend>
          {links.map((link, index) => (
            <div key={index} class="link-row">
              <label>
                Label
                <input type="text" name="linkLabel" value={link.label} maxLength={60} />
              </label>
              <label>
                Address
                <input type="url" name="linkUrl" value={link.url} maxLength={2000} />
              </label>
            </div>
          ))}
        </fieldset>
        <div>
          <button type="submit">{authorId === null ? "Create author" : "Save"}</button>
        </div>
      </form>
      {authorId !== null && props.canDelete ? (
        <p>
          <a href={`/newsroom/authors/${authorId}/delete`}>Delete this author…</a>
        </p>
      ) : null}
    </section>
  );
}
