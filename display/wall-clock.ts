/**
 * The time the wall's clock shows. The wall follows the real clock; the console's preview frame
 * pins it to the moment being previewed ("Friday 15:30"), so the header reads what the wall
 * will read then.
 */
let pinnedAt: number | undefined;

export function wallNow(): number {
  return pinnedAt ?? Date.now();
}

export function pinWallClock(at: number | undefined): void {
  pinnedAt = at;
}
