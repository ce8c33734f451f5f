import { describe, expect, it } from 'vitest';
import { GeneralMessage, ScreenTimer, Synagogue } from './content.js';
import { describeIssues } from './primitives.js';

const shul = { id: 's1', name: 'Ohel Moshe', latitude: 31.7767, longitude: 35.2159, timezone: 'Asia/Jerusalem' };
const problems = (result: { success: boolean; error?: { issues: readonly { path: readonly PropertyKey[]; message: string }[] } }) =>
  result.success ? [] : describeIssues(result.error!);

describe('what the wire lets through, so nothing breaks a wall later', () => {
  it('takes a time zone only when the runtime knows it, aliases included', () => {
    expect(Synagogue.safeParse(shul).success).toBe(true);
    expect(Synagogue.safeParse({ ...shul, timezone: 'Asia/Tel_Aviv' }).success).toBe(true);
    expect(problems(Synagogue.safeParse({ ...shul, timezone: 'Asia/Jerusalme' }))).toEqual([
      'timezone: expected an IANA time zone such as Asia/Jerusalem or America/New_York',
    ]);
  });

  it('refuses coordinates off the globe', () => {
    expect(problems(Synagogue.safeParse({ ...shul, latitude: 131.7, longitude: -200 })).map((p) => p.split(':')[0])).toEqual(['latitude', 'longitude']);
  });

  it('bounds every text a person types: a 100 KB message is refused at its field, a 2,000-character one taken', () => {
    const message = { id: 'm1', body: 'x'.repeat(2000) };
    expect(GeneralMessage.safeParse(message).success).toBe(true);
    expect(problems(GeneralMessage.safeParse({ ...message, body: 'x'.repeat(100_000) }))).toEqual([
      expect.stringMatching(/^body: Too big: expected string to have <=4000 characters/),
    ]);
    expect(problems(Synagogue.safeParse({ ...shul, name: 'ש'.repeat(201) }))).toEqual([expect.stringMatching(/^name: Too big/)]);
    expect(problems(ScreenTimer.safeParse({ id: 't1', slide: 'custom', html: '<p>'.repeat(10_000) }))).toEqual([expect.stringMatching(/^html: Too big/)]);
  });
});
