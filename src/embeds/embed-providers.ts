/**
 * The providers whose posts and videos the newsroom may embed: which URLs are theirs, where their
 * oEmbed endpoint is, and how a reader's click loads their player. What a provider's oEmbed answer
 * may name is held to this table: its player must sit on one of `frameHosts`, and the reader site's
 * content security policy lets exactly those hosts be framed.
 */
export interface EmbedProvider {
  /** Configuration name, stored with each embed: "youtube". */
  readonly name: string;
  /** Shown when the oEmbed answer names no provider. */
  readonly label: string;
  /** URLs of the provider's posts or videos (matched against the whole URL). */
  readonly urlPatterns: readonly RegExp[];
  /** The oEmbed endpoint (JSON), asked with `?url=…&format=json`. */
  readonly endpoint: string;
  /** Hosts the player frame is loaded from: the only third-party hosts a reader's browser meets. */
  readonly frameHosts: readonly string[];
  /** How the player URL is found: see PlayerRule. */
  readonly player: PlayerRule;
  /** The player's proportions: a 16:9 video, a short sound player, or a tall post. */
  readonly shape: EmbedShape;
}

export type EmbedShape = "video" | "audio" | "post";

/**
 * - `iframe`: the `src` of the iframe in the oEmbed `html`, which must be on one of `acceptedHosts`;
 *   `rewriteHost` replaces its host (YouTube's privacy-enhanced player), `addParams` are added.
 * - `post`: the provider's own embed frame, built from the post's URL (X, Instagram, Facebook, whose
 *   oEmbed `html` is a script tag, never run here).
 */
export type PlayerRule =
  | {
      readonly kind: "iframe";
      readonly acceptedHosts: readonly string[];
      readonly rewriteHost?: string;
      readonly addParams?: Readonly<Record<string, string>>;
    }
  | { readonly kind: "post"; readonly frameUrl: (postUrl: URL) => string | null };

const YOUTUBE_ID = "[A-Za-z0-9_-]{6,20}";
const X_STATUS = /^\/[A-Za-z0-9_]{1,30}\/status(?:es)?\/(\d{1,25})(?:\/|$)/;
const INSTAGRAM_POST = /^\/(p|reel|tv)\/([A-Za-z0-9_-]{5,40})(?:\/|$)/;

/** The built-in providers, in the order the editor lists them. */
export const DEFAULT_PROVIDERS: readonly EmbedProvider[] = [
  {
    name: "youtube",
    shape: "video",
    label: "YouTube",
    urlPatterns: [
      new RegExp(
        `^https?://(?:www\\.|m\\.)?youtube\\.com/(?:watch\\?(?:.*&)?v=|shorts/|live/|embed/)${YOUTUBE_ID}`,
      ),
      new RegExp(`^https?://youtu\\.be/${YOUTUBE_ID}`),
    ],
    endpoint: "https://www.youtube.com/oembed",
    frameHosts: ["www.youtube-nocookie.com"],
    player: {
      kind: "iframe",
      acceptedHosts: ["www.youtube.com", "youtube.com", "www.youtube-nocookie.com"],
      rewriteHost: "www.youtube-nocookie.com",
      addParams: { autoplay: "1" },
    },
  },
  {
    name: "vimeo",
    shape: "video",
    label: "Vimeo",
    urlPatterns: [/^https?:\/\/(?:www\.)?vimeo\.com\/(?:channels\/[\w-]+\/)?\d{1,12}(?:[/?#]|$)/],
    endpoint: "https://vimeo.com/api/oembed.json",
    frameHosts: ["player.vimeo.com"],
    player: { kind: "iframe", acceptedHosts: ["player.vimeo.com"], addParams: { dnt: "1", autoplay: "1" } },
  },
  {
    name: "x",
    shape: "post",
    label: "X",
    urlPatterns: [
      /^https?:\/\/(?:www\.|mobile\.)?(?:twitter|x)\.com\/[A-Za-z0-9_]{1,30}\/status(?:es)?\/\d{1,25}/,
    ],
    endpoint: "https://publish.twitter.com/oembed",
    frameHosts: ["platform.twitter.com"],
    player: {
      kind: "post",
      frameUrl: (url) => {
        const id = X_STATUS.exec(url.pathname)?.[1];
        return id ? `https://platform.twitter.com/embed/Tweet.html?id=${id}&dnt=true` : null;
      },
    },
  },
  {
    name: "instagram",
    shape: "post",
    label: "Instagram",
    urlPatterns: [/^https?:\/\/(?:www\.)?instagram\.com\/(?:p|reel|tv)\/[A-Za-z0-9_-]{5,40}/],
    endpoint: "https://graph.facebook.com/v19.0/instagram_oembed",
    frameHosts: ["www.instagram.com"],
    player: {
      kind: "post",
      frameUrl: (url) => {
        const match = INSTAGRAM_POST.exec(url.pathname);
        return match ? `https://www.instagram.com/${match[1]}/${match[2]}/embed/` : null;
      },
    },
  },
  {
    name: "soundcloud",
    shape: "audio",
    label: "SoundCloud",
    urlPatterns: [/^https?:\/\/(?:www\.|m\.)?soundcloud\.com\/[\w-]{1,100}\/[\w-]{1,200}/],
    endpoint: "https://soundcloud.com/oembed",
    frameHosts: ["w.soundcloud.com"],
    player: { kind: "iframe", acceptedHosts: ["w.soundcloud.com"], addParams: { auto_play: "true" } },
  },
  {
    name: "facebook",
    shape: "post",
    label: "Facebook",
    urlPatterns: [
      /^https?:\/\/(?:www\.|m\.)?facebook\.com\/[\w.-]{1,100}\/(?:posts|videos)\/[\w.-]{1,100}/,
      /^https?:\/\/(?:www\.)?facebook\.com\/watch\/?\?v=\d{1,25}/,
    ],
    endpoint: "https://graph.facebook.com/v19.0/oembed_post",
    frameHosts: ["www.facebook.com"],
    player: {
      kind: "post",
      frameUrl: (url) => {
        const plugin = /\/videos\/|\/watch/.test(url.pathname) ? "video" : "post";
        return `https://www.facebook.com/plugins/${plugin}.php?href=${encodeURIComponent(url.href)}`;
      },
    },
  },
];

/** The provider whose URL this is, among those configured; undefined for any other address. */
export function providerFor(url: string, providers: readonly EmbedProvider[]): EmbedProvider | undefined {
  return providers.find((provider) => provider.urlPatterns.some((pattern) => pattern.test(url)));
}

/** Every host a configured provider's player may be framed from: the reader site's `frame-src`. */
export function frameHostsOf(providers: readonly EmbedProvider[]): string[] {
  return [...new Set(providers.flatMap((provider) => provider.frameHosts))];
}

/** The shape of a stored embed's player, by its provider's name ("post" for one no longer known). */
export function embedShape(providerName: string): EmbedShape {
  return DEFAULT_PROVIDERS.find((provider) => provider.name === providerName)?.shape ?? "post";
}
