/** What a page needs to show one image in one edition: every variant, and the texts in that edition. */
export interface PictureData {
  mediaId: number;
  width: number;
  height: number;
  /** URL of the largest JPEG variant: the `src` for old browsers and for feeds and cards. */
  src: string;
  /** Variants by format, each sorted by width. */
  sources: { type: string; srcset: string }[];
  /** JPEG srcset for the <img> itself. */
  srcset: string;
  alt: string;
  caption: string | null;
  /** The edition whose alt text `alt` is, when it is not the page's own: a fallback, marked with lang. */
  altLanguage: string | null;
  /** Likewise for `caption`. */
  captionLanguage: string | null;
  credit: string | null;
}
