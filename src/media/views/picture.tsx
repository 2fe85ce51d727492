import type { PictureData } from "../picture.ts";

/**
 * A responsive <picture>: modern formats first, JPEG as the fallback, intrinsic size to avoid layout
 * shift. `eager` loads it at once (on screen when the page opens); `priority` also asks for it before
 * other images, for the page's largest picture (its largest contentful paint).
 */
export function Picture({
  picture,
  sizes,
  eager,
  priority,
}: {
  picture: PictureData;
  sizes: string;
  eager?: boolean;
  priority?: boolean;
}) {
  return (
    <picture>
      {picture.sources.map((source) => (
        <source key={source.type} type={source.type} srcset={source.srcset} sizes={sizes} />
      ))}
      <img
        src={picture.src}
        srcset={picture.srcset}
        sizes={sizes}
        width={picture.width}
        height={picture.height}
        alt={picture.alt}
        lang={picture.altLanguage ?? undefined}
        loading={eager || priority ? "eager" : "lazy"}
        fetchpriority={priority ? "high" : undefined}
        decoding="async"
      />
    </picture>
  );
}
