import type { GeneralMessage } from '../../cloud-sync/protocol/content.js';

export type ActiveMessages = {
  /** Showing now: urgent first, then by priority (highest first), then the most recently started. */
  messages: GeneralMessage[];
  /** The most important urgent message, for a banner over everything. */
  urgent?: GeneralMessage;
  /** The next start or end of any message; absent when nothing will change. */
  validUntil?: Date;
};

const ms = (iso: string | undefined): number | undefined => (iso === undefined ? undefined : Date.parse(iso));

/** Messages whose [startsAt, endsAt) contains `now`; an absent bound is open. */
export function activeMessages(messages: readonly GeneralMessage[], now: Date): ActiveMessages {
  const t = now.getTime();
  const edges: number[] = [];
  const showing = messages.filter((m) => {
    if (m.active === false) return false;
    const start = ms(m.startsAt);
    const end = ms(m.endsAt);
    for (const e of [start, end]) if (e !== undefined && e > t) edges.push(e);
    return (start === undefined || start <= t) && (end === undefined || t < end);
  });
  showing.sort(
    (a, b) =>
      Number(b.urgent ?? false) - Number(a.urgent ?? false) ||
      (b.priority ?? 0) - (a.priority ?? 0) ||
      (ms(b.startsAt) ?? 0) - (ms(a.startsAt) ?? 0) ||
      a.id.localeCompare(b.id),
  );
  const urgent = showing.find((m) => m.urgent);
  return {
    messages: showing,
    ...(urgent && { urgent }),
    ...(edges.length > 0 && { validUntil: new Date(Math.min(...edges)) }),
  };
}
