/**
 * Which article of a story to show where a story is referred to (a READ callout, the story picker,
 * a related-story title): the one in `edition` when there is one, else the original, else any.
 * `versions` are the story's articles the viewer may see (readers: the visible ones).
 */
export function storyVersionFor<T extends { edition: string; originalEdition: string }>(
  versions: readonly T[],
  edition: string,
): T | undefined {
  return (
    versions.find((version) => version.edition === edition) ??
    versions.find((version) => version.edition === version.originalEdition) ??
    versions[0]
  );
}
