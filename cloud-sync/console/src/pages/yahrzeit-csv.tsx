import { useState } from 'preact/hooks';
import { ApiFailure, call } from '../api.js';
import { t } from '../i18n.js';

interface Checked {
  rows: Record<string, unknown>[];
}

/** Where in the file, as the gabbai counts it: "rows.3.diedOn" is row 3 of the data, its diedOn column. */
function placeOf(where: string): string {
  const row = /^rows\.(\d+)(?:\.(.+))?$/.exec(where);
  if (row) return row[2] ? t('csvRowColumn', { row: row[1]!, column: row[2] }) : t('csvRow', { row: row[1]! });
  const column = /^columns\.(.+)$/.exec(where);
  return column ? t('csvColumn', { column: column[1]! }) : where;
}

/**
 * Yahrzeits from the spreadsheet every shul keeps: the file is checked first (nothing written)
 * and shown — each row that will be imported, or each bad row with its error — and only then
 * imported, all rows or none. And the list out again as CSV.
 */
export function YahrzeitCsv(props: { reload(): void }) {
  const [file, setFile] = useState<string | null>(null);
  const [checked, setChecked] = useState<Checked | null>(null);
  const [refusal, setRefusal] = useState<{ message: string; rows: [string, string][] } | null>(null);
  const [done, setDone] = useState<string | null>(null);

  const choose = async (event: Event) => {
    const picked = (event.target as HTMLInputElement).files?.[0];
    setChecked(null);
    setRefusal(null);
    setDone(null);
    if (!picked) return;
    const text = await picked.text();
    setFile(text);
    try {
      setChecked((await call<Checked>('POST', '/yahrzeits.csv?dryRun=true', text, { contentType: 'text/csv' })).data);
    } catch (error) {
      if (!(error instanceof ApiFailure)) throw error;
      setRefusal({ message: error.message, rows: Object.entries(error.fields) });
    }
  };
  const importAll = async () => {
    if (!file) return;
    try {
      const { data } = await call<{ imported: number }>('POST', '/yahrzeits.csv', file, { contentType: 'text/csv' });
      setDone(t('csvImported', { count: data.imported }));
      setChecked(null);
      setFile(null);
      props.reload();
    } catch (error) {
      if (!(error instanceof ApiFailure)) throw error;
      setRefusal({ message: error.message, rows: Object.entries(error.fields) });
    }
  };

  return (
    <section class="csv" aria-labelledby="csv-title">
      <h2 id="csv-title">{t('csvTitle')}</h2>
      <p class="muted">{t('csvHelp')}</p>
      <label for="csv-file">{t('csvChoose')}</label>
      <input id="csv-file" type="file" accept=".csv,text/csv" onChange={(e) => void choose(e)} />
      <a class="button secondary" href="/api/v1/yahrzeits.csv" download="yahrzeits.csv">
        {t('csvExport')}
      </a>
      {refusal ? (
        <div class="form-problem" role="alert" data-testid="csv-refused">
          <p>{t('csvRefused')}</p>
          <ul>
            {refusal.rows.map(([where, what]) => (
              <li key={where} data-row={where}>
                <strong>{placeOf(where)}</strong>: {what}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {checked ? (
        <div data-testid="csv-checked">
          <p role="status">{t('csvWillImport', { count: checked.rows.length })}</p>
          <div class="table-scroll" tabIndex={0} role="region" aria-labelledby="csv-title">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('deceasedName')}</th>
                  <th scope="col">{t('diedOn')}</th>
                  <th scope="col">{t('observedBy')}</th>
                </tr>
              </thead>
              <tbody>
                {checked.rows.map((row, index) => (
                  <tr key={index}>
                    <td dir="auto">{String(row.name ?? '')}</td>
                    <td dir="ltr">
                      {row.diedOn ? String(row.diedOn) : `${String(row.hebrewDay ?? '')} ${String(row.hebrewMonth ?? '')} ${String(row.hebrewYear ?? '')}`}
                    </td>
                    <td dir="auto">{String(row.observedBy ?? '')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <button type="button" onClick={() => void importAll()}>
            {t('csvImport', { count: checked.rows.length })}
          </button>
        </div>
      ) : null}
      {done ? <p role="status">{done}</p> : null}
    </section>
  );
}
