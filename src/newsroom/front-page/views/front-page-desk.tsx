import type { ListedStory } from "../../../articles/listed-article.ts";
import type { FrontPinView } from "../../../frontpage/front-page-service.ts";
import type { FrontPageData } from "../../../site/archive-service.ts";
import { CsrfInput, Notice } from "../../views/form-parts.tsx";

/** A story the desk offers to pin: from the front page as readers see it, or from a search. */
export interface DeskStory {
  storyId: number;
  title: string;
  href: string | null;
}

export interface FrontPageDeskProps {
  csrf: string;
  edition: string;
  editions: readonly string[];
  timeZone: string;
  /** The positions an editor may pin to: 1 is the lead. */
  positions: readonly number[];
  front: FrontPageData;
  /** Every section and region block in its order, shown to readers now or not (nothing left to show). */
  blocks: readonly { id: number; name: string }[];
  pins: readonly FrontPinView[];
  /** Pin times as the edition's wall clock ("2026-11-25T14:30"). */
  localTime: (iso: string) => string;
  query: string;
  found: readonly DeskStory[] | null;
  notice: string | null;
}

const positionName = (position: number) => (position === 1 ? "Lead" : `Slot ${position}`);

/**
 * The front page desk of one edition: the pins, the page as readers see it with a way to pin each
 * story, a search for stories to pin, and the blocks' order. Plain forms: it works without script.
 */
export function FrontPageDesk(props: FrontPageDeskProps) {
  const { edition, front } = props;
  const base = `/newsroom/front-page/${edition}`;
  const pinnedIds = new Set(props.pins.map((pin) => pin.storyId));
  const leadPin = props.pins.find((pin) => pin.position === 1 && pin.state === "shown")?.storyId;
  const row = (story: DeskStory) => (
    <StoryRow
      key={story.storyId}
      story={story}
      pinned={pinnedIds.has(story.storyId)}
      leads={story.storyId === leadPin}
      {...props}
    />
  );
  return (
    <div class="front-desk">
      <h1>Front page · {edition.toUpperCase()}</h1>
      <nav aria-label="Editions" class="front-desk-editions">
        {props.editions.map((code) => (
          <a
            key={code}
            href={`/newsroom/front-page/${code}`}
            aria-current={code === edition ? "page" : undefined}
          >
            {code.toUpperCase()}
          </a>
        ))}
      </nav>
      {props.notice ? <Notice>{props.notice}</Notice> : null}

      <section aria-labelledby="pins-heading">
        <h2 id="pins-heading">Pinned stories</h2>
        {props.pins.length === 0 ? (
          <p class="hint">Nothing is pinned: the newest stories lead.</p>
        ) : (
          <ol class="front-pins">
            {props.pins.map((pin) => (
              <li key={pin.storyId}>
                <strong>{positionName(pin.position)}:</strong> {pin.title}{" "}
                <span class="hint">
                  {pin.pinnedUntil
                    ? `until ${props.localTime(pin.pinnedUntil).replace("T", " ")} (${props.timeZone})`
                    : "until unpinned"}
                  {pin.state === "shown" ? "" : ` · not shown: ${pin.state}`}
                </span>{" "}
                <UnpinForm csrf={props.csrf} base={base} storyId={pin.storyId} />
              </li>
            ))}
          </ol>
        )}
      </section>

      <section aria-labelledby="find-heading">
        <h2 id="find-heading">Find a story to pin</h2>
        <form method="get" action={base} class="front-find">
          <label for="front-q">Title words</label>{" "}
          <input id="front-q" type="search" name="q" value={props.query} maxLength={200} />{" "}
          <button type="submit">Search</button>
        </form>
        {props.found === null ? null : props.found.length === 0 ? (
          <p class="hint">No published story in this edition matches “{props.query}”.</p>
        ) : (
          <ul class="front-stories">{props.found.map(row)}</ul>
        )}
      </section>

      <section aria-labelledby="readers-heading">
        <h2 id="readers-heading">As readers see it now</h2>
        <h3>Lead</h3>
        {front.lead ? (
          <ul class="front-stories">{row(deskStory(front.lead))}</ul>
        ) : (
          <p class="hint">No story yet.</p>
        )}
        {front.top.length > 0 ? (
          <>
            <h3>Top slots</h3>
            <ul class="front-stories">{front.top.map((story) => row(deskStory(story)))}</ul>
          </>
        ) : null}
        <h3>Latest</h3>
        <ul class="front-stories">{front.latest.map((story) => row(deskStory(story)))}</ul>
        {front.blocks.map((block) => (
          <div key={block.tagId}>
            <h3>{block.name}</h3>
            <ul class="front-stories">{block.stories.map((story) => row(deskStory(story)))}</ul>
          </div>
        ))}
      </section>

      <BlockOrder {...props} base={base} />
    </div>
  );
}

function deskStory(story: ListedStory): DeskStory {
  return { storyId: story.storyId, title: story.title, href: story.href };
}

/** One story with its buttons: make it the lead at once, or pin it to a slot until a time. */
function StoryRow(props: FrontPageDeskProps & { story: DeskStory; pinned: boolean; leads: boolean }) {
  const { story, csrf } = props;
  const base = `/newsroom/front-page/${props.edition}`;
  const id = `pin-${story.storyId}`;
  return (
    <li class="front-story">
      {story.href ? <a href={story.href}>{story.title}</a> : story.title}
      <div class="front-actions">
        {props.leads ? null : (
          <form method="post" action={`${base}/pin`} class="inline">
            <CsrfInput token={csrf} />
            <input type="hidden" name="storyId" value={String(story.storyId)} />
            <input type="hidden" name="position" value="1" />
            <button type="submit">Make lead</button>
          </form>
        )}
        {props.pinned ? <UnpinForm csrf={csrf} base={base} storyId={story.storyId} /> : null}
        <details>
          <summary>Pin…</summary>
          <form method="post" action={`${base}/pin`} class="front-pin-form">
            <CsrfInput token={csrf} />
            <input type="hidden" name="storyId" value={String(story.storyId)} />
            <label for={`${id}-position`}>Place</label>
            <select id={`${id}-position`} name="position">
              {props.positions.map((position) => (
                <option key={position} value={String(position)} selected={position === 2}>
                  {positionName(position)}
                </option>
              ))}
            </select>
            <label for={`${id}-until`}>Until ({props.timeZone})</label>
            <input id={`${id}-until`} type="datetime-local" name="until" />
            <span class="hint">Empty: until you unpin it.</span>
            <button type="submit">Pin</button>
          </form>
        </details>
      </div>
    </li>
  );
}

function UnpinForm({ csrf, base, storyId }: { csrf: string; base: string; storyId: number }) {
  return (
    <form method="post" action={`${base}/unpin`} class="inline">
      <CsrfInput token={csrf} />
      <input type="hidden" name="storyId" value={String(storyId)} />
      <button type="submit" class="secondary">
        Unpin
      </button>
    </form>
  );
}

/** The section and region blocks in their order on the page, each with Up and Down. */
function BlockOrder(props: FrontPageDeskProps & { base: string }) {
  const { blocks } = props;
  const shown = new Set(props.front.blocks.map((block) => block.tagId));
  return (
    <section aria-labelledby="blocks-heading">
      <h2 id="blocks-heading">Order of the blocks</h2>
      <ol class="front-blocks">
        {blocks.map((block, index) => (
          <li key={block.id}>
            <span>{block.name}</span>
            {shown.has(block.id) ? null : <span class="hint"> (hidden: its stories all show above)</span>}{" "}
            {(["up", "down"] as const).map((move) => (
              <form key={move} method="post" action={`${props.base}/blocks`} class="inline">
                <CsrfInput token={props.csrf} />
                <input type="hidden" name="tagId" value={String(block.id)} />
                <input type="hidden" name="move" value={move} />
                <button
                  type="submit"
                  disabled={move === "up" ? index === 0 : index === blocks.length - 1}
                  aria-label={`Move ${block.name} ${move}`}
                >
                  {move === "up" ? "Up" : "Down"}
                </button>
              </form>
            ))}
          </li>
        ))}
      </ol>
    </section>
  );
}
