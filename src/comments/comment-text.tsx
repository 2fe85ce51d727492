import type { ComponentChildren } from "preact";
import { findLinks } from "./links.ts";

/** Link text longer than this is shortened for display (the link still goes to the whole URL). */
const SHOWN_URL = 60;

/**
 * A comment's plain text as HTML, built as elements so preact escapes every character: paragraphs
 * at empty lines, `<br>` at single line breaks, http(s) links clickable with rel="nofollow ugc"
 * (no ranking credit for what readers post) and noopener. Nothing from the text ever becomes
 * markup; there is no innerHTML anywhere on this path.
 */
export function CommentText({ text }: { text: string }) {
  const paragraphs = text.split(/\n{2,}/).filter((paragraph) => paragraph.trim() !== "");
  return (
    <div class="comment-text" dir="auto">
      {paragraphs.map((paragraph, index) => (
        <p key={index}>{lines(paragraph)}</p>
      ))}
    </div>
  );
}

function lines(paragraph: string): ComponentChildren[] {
  const out: ComponentChildren[] = [];
  paragraph.split("\n").forEach((line, index) => {
    if (index > 0) out.push(<br />);
    out.push(...linkify(line));
  });
  return out;
}

function linkify(line: string): ComponentChildren[] {
  const out: ComponentChildren[] = [];
  let at = 0;
  for (const link of findLinks(line)) {
    if (link.start > at) out.push(line.slice(at, link.start));
    const shown = line.slice(link.start, link.end);
    out.push(
      <a href={link.href} rel="nofollow ugc noopener">
        {shown.length > SHOWN_URL ? `${shown.slice(0, SHOWN_URL - 1)}…` : shown}
      </a>,
    );
    at = link.end;
  }
  if (at < line.length) out.push(line.slice(at));
  return out;
}
