import { renderToString } from "preact-render-to-string";
import type { Edition } from "../editions/edition.ts";
import { newsletterMessagesFor } from "../shared/i18n/newsletter.ts";

/** Stands for each recipient's own unsubscribe link in an issue's stored parts. */
export const UNSUBSCRIBE_PLACEHOLDER = "{{unsubscribe}}";

export interface DigestStory {
  title: string;
  summary: string | null;
  url: string;
}

export interface DigestParts {
  subject: string;
  html: string;
  text: string;
}

/** The digest of `stories`, its two parts holding UNSUBSCRIBE_PLACEHOLDER where each recipient's link goes. */
export function composeDigest(
  edition: Edition,
  siteName: string,
  frontUrl: string,
  stories: DigestStory[],
): DigestParts {
  const messages = newsletterMessagesFor(edition.code);
  const subject = messages.digestSubject(siteName, stories.length);
  const html = `<!doctype html>${renderToString(
    <html lang={edition.locale}>
      <head>
        <meta charset="utf-8" />
        <title>{subject}</title>
      </head>
      <body style="font-family:Georgia,serif;max-width:40em;margin:0 auto;padding:1em;line-height:1.5">
        <p>
          <a href={frontUrl}>{siteName}</a>
        </p>
        <h1 style="font-size:1.3em">{messages.digestIntro(siteName)}</h1>
        {stories.map((story) => (
          <article key={story.url} style="margin:1.5em 0">
            <h2 style="font-size:1.1em;margin:0">
              <a href={story.url}>{story.title}</a>
            </h2>
            {story.summary ? <p style="margin:.3em 0">{story.summary}</p> : null}
          </article>
        ))}
        <hr />
        <p style="font-size:.9em">
          <a href={UNSUBSCRIBE_PLACEHOLDER}>{messages.unsubscribeFooter}</a>
        </p>
      </body>
    </html>,
  )}`;
  const text = [
    messages.digestIntro(siteName),
    "",
    ...stories.flatMap((story) => [story.title, ...(story.summary ? [story.summary] : []), story.url, ""]),
    "--",
    `${messages.unsubscribeFooter}: ${UNSUBSCRIBE_PLACEHOLDER}`,
    "",
  ].join("\n");
  return { subject, html, text };
}

/** An issue's part for one recipient: the placeholder replaced by their link (URL-safe characters only). */
export function personalised(part: string, unsubscribeUrl: string): string {
  return part.replaceAll(UNSUBSCRIBE_PLACEHOLDER, unsubscribeUrl);
}
