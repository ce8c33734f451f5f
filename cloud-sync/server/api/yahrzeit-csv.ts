import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { Hanzch } from '../../protocol/content.js';
import { describeIssues } from '../../protocol/primitives.js';
import { fieldsOf } from '../http/api-problem.js';

/**
 * Yahrzeits as CSV, for the spreadsheet every shul already keeps. Columns (header row, any order,
 * case ignored): name (required), parentName, relation (ben/bat), observedBy, and the date of
 * death as either diedOn (YYYY-MM-DD, Gregorian) or hebrewDate ("3 Kislev 5780") or hebrewDay +
 * hebrewMonth (+ hebrewYear); afterSunset and memorialLight as yes/no (true/false, 1/0, כן/לא);
 * notes; nameEn (the name in English, for an English or bilingual wall); synagogueId (one of the account's synagogues; empty: the whole account's). Exports carry a BOM so spreadsheet programs read the Hebrew as UTF-8.
 */
export const YAHRZEIT_COLUMNS = [
  'name',
  'parentName',
  'relation',
  'observedBy',
  'diedOn',
  'afterSunset',
  'hebrewDay',
  'hebrewMonth',
  'hebrewYear',
  'memorialLight',
  'notes',
  'nameEn',
  'synagogueId',
] as const;
const KNOWN = new Map([...YAHRZEIT_COLUMNS, 'hebrewDate', 'id'].map((c) => [c.toLowerCase(), c]));
export const MAX_IMPORT_ROWS = 10_000;

const YES = new Set(['yes', 'y', 'true', '1', 'כן']);
const NO = new Set(['no', 'n', 'false', '0', 'לא', '']);

export interface CsvRefusal {
  /** "rows.<n>.<field>" (n counts data rows from 1, the header not included) -> what was expected. */
  fields: Record<string, string>;
  lines: string[];
}

/** Parse an import: every row valid, or every problem, one per row and field. Nothing partial. */
export function parseYahrzeitCsv(text: string): { ok: true; rows: Record<string, unknown>[] } | { ok: false; refusal: CsvRefusal } {
  let records: Record<string, string>[];
  try {
    records = parse(text, {
      columns: (header: string[]) => header.map((h) => KNOWN.get(h.trim().toLowerCase()) ?? `?${h.trim()}`),
      skip_empty_lines: true,
      trim: true,
      bom: true,
    });
  } catch (error) {
    return { ok: false, refusal: { fields: { '(body)': (error as Error).message }, lines: [`(body): not a CSV file: ${(error as Error).message}`] } };
  }
  const fields: Record<string, string> = {};
  const lines: string[] = [];
  const refuse = (path: string, message: string) => {
    fields[path] = fields[path] ? `${fields[path]}; ${message}` : message;
    lines.push(`${path}: ${message}`);
  };
  if (records.length === 0) refuse('(body)', 'no rows; the first line names the columns (name, diedOn or hebrewDate, afterSunset, ...)');
  if (records.length > MAX_IMPORT_ROWS) refuse('(body)', `at most ${MAX_IMPORT_ROWS} rows per import`);
  const unknown = Object.keys(records[0] ?? {}).filter((c) => c.startsWith('?'));
  for (const column of unknown) refuse(`columns.${column.slice(1)}`, `unknown column; expected some of ${[...YAHRZEIT_COLUMNS, 'hebrewDate'].join(', ')}`);
  const rows: Record<string, unknown>[] = [];
  records.forEach((record, index) => {
    const at = `rows.${index + 1}`;
    const row: Record<string, unknown> = { id: `import-${index + 1}` };
    for (const [column, raw] of Object.entries(record)) {
      if (column.startsWith('?') || column === 'id' || raw === '') continue;
      if (column === 'afterSunset' || column === 'memorialLight') {
        const word = raw.toLowerCase();
        if (YES.has(word)) row[column] = true;
        else if (NO.has(word)) row[column] = false;
        else refuse(`${at}.${column}`, 'expected yes or no');
      } else if (column === 'hebrewDay' || column === 'hebrewYear') {
        row[column] = /^\d+$/.test(raw) ? Number(raw) : raw;
      } else if (column === 'hebrewDate') {
        const match = /^(\d{1,2})\s+(.+?)(?:\s+(\d{4}))?$/.exec(raw);
        if (!match) refuse(`${at}.hebrewDate`, 'expected day, month and optionally year, e.g. "3 Kislev 5780"');
        else Object.assign(row, { hebrewDay: Number(match[1]), hebrewMonth: match[2], ...(match[3] ? { hebrewYear: Number(match[3]) } : {}) });
      } else row[column] = raw;
    }
    const checked = Hanzch.safeParse(row);
    if (checked.success) rows.push(checked.data);
    else {
      lines.push(...describeIssues(checked.error, { prefix: ['rows', index + 1] }));
      for (const [path, message] of Object.entries(fieldsOf(checked.error, ['rows', index + 1])))
        fields[path] = fields[path] ? `${fields[path]}; ${message}` : message;
    }
  });
  return lines.length ? { ok: false, refusal: { fields, lines } } : { ok: true, rows };
}

/** The tenant's yahrzeits as CSV (wire rows in, one line each). */
export function yahrzeitCsv(rows: Record<string, unknown>[]): string {
  const columns = ['id', ...YAHRZEIT_COLUMNS];
  const lines = rows.map((row) =>
    columns.map((c) => (row[c] === undefined || row[c] === null ? '' : typeof row[c] === 'boolean' ? (row[c] ? 'yes' : 'no') : String(row[c]))),
  );
  return `\uFEFF${stringify([columns, ...lines])}`;
}
