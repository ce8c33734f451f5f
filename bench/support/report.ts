/** Print one figure as the JSON line `npm run bench` promises. */
export function report(bench: string, value: number, unit: string, extra: Record<string, unknown> = {}): void {
  const tidy = Object.fromEntries(Object.entries(extra).map(([key, v]) => [key, typeof v === 'number' ? Number(v.toFixed(3)) : v]));
  process.stdout.write(`${JSON.stringify({ bench, value: Number(value.toFixed(3)), unit, ...tidy })}\n`);
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
