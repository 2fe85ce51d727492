import type { PictureData } from "../picture.ts";

/** A responsive <picture>: modern formats first, JPEG as the fallback, intrinsic size to avoid layout shift. */
export function Picture({ picture, sizes, eager }: { picture: PictureData; sizes: string; eager?: boolean }) {
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
        loading={eager ? "eager" : "lazy"}
        decoding="async"
      />
    </picture>
  );
}
