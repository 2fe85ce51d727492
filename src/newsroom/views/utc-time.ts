/** "2026-11-25 08:00 UTC": the newsroom works across time zones, so it says which. */
export function formatUtc(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}
