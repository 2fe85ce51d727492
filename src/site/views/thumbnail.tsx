import type { PictureData } from "../../media/picture.ts";

/** The widest variant a thumbnail offers: 9rem at 3x needs no more than 480 pixels. */
const THUMBNAIL_MAX_WIDTH = 800;
/** As wide as site.css draws `.thumb`: 28% of the list, at most 9rem. */
const THUMBNAIL_SIZES = "(min-width: 48rem) 9rem, 28vw";

/** The candidates of a srcset no wider than THUMBNAIL_MAX_WIDTH; the narrowest one at least. */
function narrowSrcset(srcset: string): string[] {
  const candidates = srcset.split(",").map((candidate) => candidate.trim());
  const narrow = candidates.filter(
    (candidate) => Number(/\s(\d+)w$/.exec(candidate)?.[1]) <= THUMBNAIL_MAX_WIDTH,
  );
  return narrow.length > 0 ? narrow : candidates.slice(0, 1);
}

/**
 * A story's photo beside its headline in a list: the small variants only, the intrinsic size against
 * layout shift, and no alt text, since the headline beside it names the story. Lazy unless `eager`
 * (the first items, on screen when the page opens).
 */
export function Thumbnail({ picture, eager }: { picture: PictureData; eager: boolean }) {
  const jpegs = narrowSrcset(picture.srcset);
  return (
    <picture class="thumb">
      {picture.sources.map((source) => (
        <source
          key={source.type}
          type={source.type}
          srcset={narrowSrcset(source.srcset).join(", ")}
          sizes={THUMBNAIL_SIZES}
        />
      ))}
      <img
        src={jpegs[0]?.split(/\s/)[0] ?? picture.src}
        srcset={jpegs.join(", ")}
        sizes={THUMBNAIL_SIZES}
        width={picture.width}
        height={picture.height}
        alt=""
        loading={eager ? "eager" : "lazy"}
        decoding="async"
      />
    </picture>
  );
}
