/** Returns `slug`, or `slug-2`, `slug-3`, … when it is already taken, and records the one returned. */
export function claimSlug(taken: Set<string>, slug: string): string {
  let candidate = slug;
  for (let n = 2; taken.has(candidate); n++) candidate = `${slug}-${n}`;
  taken.add(candidate);
  return candidate;
}
