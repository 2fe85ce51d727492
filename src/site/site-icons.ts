import type { FastifyInstance, FastifyReply } from "fastify";
import { SITE_KEY, setSurrogateKeys } from "../cache/surrogate-keys.ts";
import { isMediaFileName } from "../media/media-storage.ts";
import { type MediaStore, readObject, variantKey } from "../media/media-store.ts";
import { loadSharp } from "../media/sharp.ts";
import type { SiteIdentity } from "../settings/site-settings.ts";
import { NoQuery } from "./route-schemas.ts";

/** The icons browsers and phones ask for, by path, with their size in pixels. */
export const SITE_ICONS = {
  "/favicon.ico": 32,
  "/favicon.png": 32,
  "/apple-touch-icon.png": 180,
} as const;

/** The reader site's accent colour (site.css `--accent`), behind the initial when there is no logo. */
const ACCENT = "#a4161a";

/**
 * The site's icons, drawn from the logo an admin chose (fitted on white), or else from the site
 * name's first letter on the accent colour. Drawn once per logo and name and kept; a settings
 * change purges them with every page (the site key).
 */
export function registerSiteIcons(
  app: FastifyInstance,
  options: { identity: SiteIdentity; mediaStore: MediaStore },
) {
  const drawn = new Map<string, Promise<Buffer>>();
  const draw = (size: number): Promise<Buffer> => {
    const { logo, siteName } = options.identity;
    const key = `${size}|${logo?.src ?? ""}|${siteName}`;
    let icon = drawn.get(key);
    if (!icon) {
      const logoKey = logo ? mediaKey(logo.src) : null;
      icon = (logoKey ? fromLogo(options.mediaStore, logoKey, size) : fromInitial(siteName, size)).catch(
        // A logo file gone missing still leaves the site an icon.
        () => fromInitial(siteName, size),
      );
      if (drawn.size > 32) drawn.clear();
      drawn.set(key, icon);
    }
    return icon;
  };
  for (const [path, size] of Object.entries(SITE_ICONS)) {
    app.get(path, { schema: { querystring: NoQuery } }, async (_request, reply: FastifyReply) => {
      setSurrogateKeys(reply, [SITE_KEY]);
      // Browsers read PNG from an .ico address too; one format keeps the drawing in one place.
      return reply
        .type("image/png")
        .header("cache-control", "public, max-age=86400")
        .send(await draw(size));
    });
  }
}

/** The store's key behind a variant's URL (`/media/a8/…-1200.jpg`), as the media routes find it, or null. */
function mediaKey(src: string): string | null {
  const file = src.startsWith("/media/") ? src.slice("/media/".length) : "";
  return isMediaFileName(file) ? variantKey(file) : null;
}

async function fromLogo(store: MediaStore, key: string, size: number): Promise<Buffer> {
  const logo = await readObject(store, key);
  if (!logo) throw new Error(`the logo ${key} is not in the media store`);
  const sharp = await loadSharp();
  return sharp(logo)
    .resize(size, size, { fit: "contain", background: "#ffffff" })
    .flatten({ background: "#ffffff" })
    .png()
    .toBuffer();
}

async function fromInitial(siteName: string, size: number): Promise<Buffer> {
  const sharp = await loadSharp();
  const initial = [...siteName.trim()][0]?.toLocaleUpperCase() ?? "";
  const letter = initial.replace(/[<>&"']/g, "");
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}" viewBox="0 0 100 100"><rect width="100" height="100" rx="16" fill="${ACCENT}"/><text x="50" y="72" font-family="Georgia, serif" font-size="70" font-weight="700" fill="#ffffff" text-anchor="middle">${letter}</text></svg>`;
  return sharp(Buffer.from(svg)).png().toBuffer();
}
