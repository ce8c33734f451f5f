import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CloudApi } from './support/cloud-api.js';

let api: CloudApi;
const csv = (text: string, query = '') => api.a.call('POST', `/yahrzeits.csv${query}`, text, { 'Content-Type': 'text/csv' });

beforeAll(async () => {
  api = await CloudApi.start();
});
afterAll(async () => api?.stop());

describe('yahrzeits as CSV', () => {
  it('imports Hebrew and Gregorian dates of death with the after-sunset flag, and exports them back', async () => {
    const file = [
      'Name,ParentName,relation,diedOn,afterSunset,hebrewDate,memorialLight,notes',
      'שרה,אברהם,bat,1998-03-12,yes,,כן,',
      '"Cohen, Moshe",Yaakov,ben,,no,3 Kislev 5780,no,"said ""Kaddish"" daily"',
      'רחל,,,,,10 Adar II,,',
    ].join('\n');
    const imported = await csv(file);
    expect(imported).toMatchObject({ status: 201, json: { imported: 3, replaced: 0 } });
    const rows = (await api.a.get('/yahrzeits')).json.items!;
    expect(rows).toEqual([
      expect.objectContaining({ name: 'שרה', parentName: 'אברהם', relation: 'bat', diedOn: '1998-03-12', afterSunset: true, memorialLight: true }),
      expect.objectContaining({
        name: 'Cohen, Moshe',
        hebrewDay: 3,
        hebrewMonth: 'Kislev',
        hebrewYear: 5780,
        afterSunset: false,
        notes: 'said "Kaddish" daily',
      }),
      expect.objectContaining({ name: 'רחל', hebrewDay: 10, hebrewMonth: 'Adar II' }),
    ]);
    const exported = await fetch(`${api.url}/api/v1/yahrzeits.csv`, {
      headers: { Authorization: `Bearer ${(await api.a.post('/tokens', { name: 'csv' })).json.token as string}` },
    });
    expect(exported.headers.get('content-type')).toMatch(/^text\/csv/);
    const bytes = Buffer.from(await exported.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString('utf8');
    expect(text.slice(1).startsWith('id,name,parentName')).toBe(true);
    expect(text).toContain('"Cohen, Moshe",Yaakov,ben,,,no,3,Kislev,5780,no,"said ""Kaddish"" daily"');
    // What was exported imports again, whole.
    expect(await csv(text, '?mode=replace')).toMatchObject({ status: 201, json: { imported: 3, replaced: 3 } });
  });

  it('imports nothing when any row is wrong, and names every wrong row and field', async () => {
    const before = (await api.a.get('/yahrzeits')).json.total;
    const file = [
      'name,diedOn,afterSunset,hebrewDate,shoeSize',
      'Good Row,2001-01-01,no,,',
      ',1999-02-30x,maybe,,',
      'No Date,,,,',
      'Bad Hebrew,,,Kislev the third,',
    ].join('\n');
    const refused = await csv(file);
    expect(refused.status).toBe(400);
    expect(refused.json.error).toBe('invalid-csv');
    expect(refused.json.fields).toMatchObject({
      'columns.shoeSize': expect.stringContaining('unknown column'),
      'rows.2.name': expect.any(String),
      'rows.2.diedOn': expect.stringContaining('YYYY-MM-DD'),
      'rows.2.afterSunset': 'expected yes or no',
      'rows.3': expect.stringContaining('a yahrzeit needs diedOn'),
      'rows.4.hebrewDate': expect.stringContaining('3 Kislev 5780'),
    });
    expect(refused.json.fields).not.toHaveProperty('rows.1');
    expect(refused.json.message).toMatch(/^nothing was imported: /);
    expect((await api.a.get('/yahrzeits')).json.total).toBe(before);
  });

  it('refuses a file that is not CSV text', async () => {
    expect((await api.a.call('POST', '/yahrzeits.csv', { name: 'x' })).status).toBe(415);
    expect((await csv('')).json).toMatchObject({ error: 'invalid-csv' });
  });
});
