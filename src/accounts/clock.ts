/** Where the account services read the time; tests pass one they can move forward. */
export type Clock = () => Date;

export const systemClock: Clock = () => new Date();

/** `date` moved by `ms` milliseconds, as an ISO string. */
export function isoAfter(date: Date, ms: number): string {
  return new Date(date.getTime() + ms).toISOString();
}
