import type { Db } from "../../db/database.ts";
import type { EmbedResolution } from "../../embeds/embed-service.ts";
import type { EmbedPreview } from "./editor-types.ts";
import { mediaChoices } from "./media-lookup.ts";

/** What the editor shows of an embed URL once the embeds service resolved it. */
export async function embedPreview(
  db: Db,
  resolution: EmbedResolution,
  providerLabels: readonly string[],
  edition: string,
): Promise<EmbedPreview> {
  switch (resolution.status) {
    case "unlisted":
      return {
        status: "link",
        message:
          providerLabels.length > 0
            ? `Not a post or video of the sites we embed (${providerLabels.join(", ")}): readers get a plain link card.`
            : "No site is on the embed allow-list (OEMBED_PROVIDERS): readers get a plain link card.",
      };
    case "failed":
      return {
        status: "link",
        message: `${resolution.providerName}'s details could not be fetched: ${resolution.message}. Readers get a plain link card; reopen the article to try again.`,
      };
    case "card": {
      const { embed } = resolution;
      const [thumbnail] =
        embed.thumbnailMediaId === null ? [] : await mediaChoices(db, [embed.thumbnailMediaId], edition);
      return {
        status: "card",
        title: embed.title,
        providerName: embed.providerName,
        authorName: embed.authorName,
        thumb: thumbnail?.thumb ?? null,
        note: resolution.thumbnailProblem,
      };
    }
  }
}
