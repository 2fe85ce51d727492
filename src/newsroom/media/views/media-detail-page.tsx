import type { MediaUsage, UsingArticle } from "../../../media/media-usage.ts";
import { CsrfInput, FormError, Notice } from "../../views/form-parts.tsx";
import { altField, captionField } from "../media-form.ts";
import type { MediaPermissions } from "../media-library-service.ts";
import type { MediaDetails, MediaTexts } from "../media-queries.ts";

export interface MediaDetailPageProps {
  csrf: string;
  editions: readonly string[];
  details: MediaDetails;
  usage: MediaUsage;
  permissions: MediaPermissions;
  notice?: string | null;
  error?: string | null;
  /** The form as sent, kept after a refusal. */
  form?: { credit: string | undefined; texts: Record<string, Partial<MediaTexts>> } | undefined;
}

/** /newsroom/media/:id: the picture, its texts per edition (one form), its variants and its uses. */
export function MediaDetailPage(props: MediaDetailPageProps) {
  const { details, permissions } = props;
  const { item } = details;
  const preview = details.variants.filter((variant) => variant.format === "jpeg");
  const largest = preview.at(-1);
  const mayEditAny = permissions.credit || Object.values(permissions.editions).some(Boolean);
  const credit = props.form?.credit ?? item.credit ?? "";
  const { fromFile } = details;
  return (
    <>
      <p>
        <a href="/newsroom/media">← Media library</a>
      </p>
      <h1>{item.originalName}</h1>
      {props.notice ? <Notice>{props.notice}</Notice> : null}
      <FormError message={props.error} />

      <div class="media-detail">
        <figure class="media-preview">
          <img
            src={largest?.url ?? item.thumbUrl}
            srcset={preview.map((variant) => `${variant.url} ${variant.width}w`).join(", ")}
            sizes="(min-width: 60rem) 40rem, 100vw"
            width={item.width}
            height={item.height}
            alt={item.texts[props.editions[0] ?? ""]?.alt ?? ""}
          />
          {item.credit ? <figcaption>{item.credit}</figcaption> : null}
        </figure>
        <dl class="media-facts">
          <dt>Picture id</dt>
          <dd>
            <code>{item.id}</code> (a figure in an article refers to it by this number)
          </dd>
          <dt>Original</dt>
          <dd>
            {details.mimeType}, {details.originalWidth} × {details.originalHeight} pixels,{" "}
            {kilobytes(details.sizeBytes)}
          </dd>
          {details.fromFile.takenAt ? (
            <>
              <dt>Taken</dt>
              <dd data-taken-at={details.fromFile.takenAt}>
                <time dateTime={details.fromFile.takenAt}>{details.fromFile.takenAt.replace("T", " ")}</time>{" "}
                <span class="hint">(from the file, camera time)</span>
              </dd>
            </>
          ) : null}
          <dt>Uploaded</dt>
          <dd>
            <time dateTime={item.createdAt}>{item.createdAt.slice(0, 16).replace("T", " ")} UTC</time>
            {details.uploadedBy ? ` by ${details.uploadedBy.name}` : ""}
          </dd>
        </dl>
      </div>

      <h2>Credit, captions and alt text</h2>
      {mayEditAny ? null : <p class="hint">Your role may not change the texts of this picture.</p>}
      {fromFile.credit || fromFile.caption ? (
        <p class="hint from-file-note">
          Fields marked “from the file” hold what the photo's own metadata (IPTC, XMP, EXIF) says: check them
          and change them as needed.
        </p>
      ) : null}
      <form method="post" action={`/newsroom/media/${item.id}`} class="stack media-edit">
        <CsrfInput token={props.csrf} />
        <label>
          <span>
            Credit <span class="hint">(shared by every edition)</span>{" "}
            <FromFile shown={credit !== "" && credit === fromFile.credit} />
          </span>
          <input type="text" name="credit" maxLength={300} value={credit} disabled={!permissions.credit} />
        </label>
        {props.editions.map((edition) => {
          // What was sent wins over what is stored, field by field (a disabled field sends nothing).
          const sent = props.form?.texts[edition];
          const stored = item.texts[edition];
          const texts = {
            caption: sent?.caption !== undefined ? sent.caption : stored?.caption,
            alt: sent?.alt !== undefined ? sent.alt : stored?.alt,
          };
          return (
            <fieldset key={edition} disabled={!permissions.editions[edition]} lang={edition}>
              <legend lang="en">Edition {edition}</legend>
              <label lang="en">
                <span>
                  Caption <FromFile shown={!!texts.caption && texts.caption === fromFile.caption} />
                </span>
                <textarea name={captionField(edition)} rows={2} maxLength={2000} lang={edition}>
                  {texts.caption ?? ""}
                </textarea>
              </label>
              <label lang="en">
                Alt text <span class="hint">(what the picture shows, for people who cannot see it)</span>
                <input
                  type="text"
                  name={altField(edition)}
                  maxLength={1000}
                  value={texts.alt ?? ""}
                  lang={edition}
                />
              </label>
            </fieldset>
          );
        })}
        {mayEditAny ? (
          <div>
            <button type="submit">Save texts</button>
          </div>
        ) : null}
      </form>

      <h2>Variants</h2>
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">Format</th>
              <th scope="col">Pixels</th>
              <th scope="col">Size</th>
              <th scope="col">File</th>
            </tr>
          </thead>
          <tbody>
            {details.variants.map((variant) => (
              <tr key={variant.url}>
                <td>{variant.format === "jpeg" ? "JPEG" : "WebP"}</td>
                <td class="nowrap">
                  {variant.width} × {variant.height}
                </td>
                <td class="nowrap">{kilobytes(variant.sizeBytes)}</td>
                <td>
                  <a href={variant.url}>{variant.url.split("/").pop()}</a>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <h2>Where it is used</h2>
      <Usage usage={props.usage} />
    </>
  );
}

/** Marks a field whose value is still the one read from the uploaded file. */
function FromFile({ shown }: { shown: boolean }) {
  return shown ? (
    <span class="from-file" data-from-file="">
      from the file
    </span>
  ) : null;
}

function Usage({ usage }: { usage: MediaUsage }) {
  if (usage.asHero.length + usage.inBody.length + usage.promotions.length === 0) {
    return <p>Not used in any article or promotion yet.</p>;
  }
  return (
    <>
      {usage.asHero.length > 0 ? <ArticleList title="Hero photo of" articles={usage.asHero} /> : null}
      {usage.inBody.length > 0 ? <ArticleList title="In the text of" articles={usage.inBody} /> : null}
      {usage.promotions.length > 0 ? (
        <>
          <h3>Promotions</h3>
          <ul>
            {usage.promotions.map((promotion) => (
              <li key={promotion.id}>{promotion.headline}</li>
            ))}
          </ul>
        </>
      ) : null}
    </>
  );
}

function ArticleList({ title, articles }: { title: string; articles: readonly UsingArticle[] }) {
  return (
    <>
      <h3>{title}</h3>
      <ul class="media-usage">
        {articles.map((article) => (
          <li key={article.articleId}>
            <span lang={article.edition}>{article.title}</span>{" "}
            <span class="hint">
              ({article.edition}, {article.status}, story {article.storyId})
            </span>
          </li>
        ))}
      </ul>
    </>
  );
}

function kilobytes(bytes: number): string {
  return bytes >= 1024 * 1024
    ? `${(bytes / 2 ** 20).toFixed(1)} MB`
    : `${Math.max(1, Math.round(bytes / 1024))} KB`;
}
