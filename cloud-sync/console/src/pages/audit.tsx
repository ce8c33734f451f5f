import { useEffect, useState } from 'preact/hooks';
import { api } from '../api.js';
import { t } from '../i18n.js';

interface AuditRow {
  id: string;
  action: string;
  entityType: string;
  entityId: string | null;
  actorId: string | null;
  actorRole: string;
  createdAt: string;
  after?: unknown;
}

/** Who did what, newest first, a page at a time. */
export function AuditPage() {
  const [rows, setRows] = useState<AuditRow[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const more = async (from: string | null) => {
    const page = await api.get<{ items: AuditRow[]; nextCursor: string | null }>(`/audit?limit=50${from ? `&cursor=${encodeURIComponent(from)}` : ''}`);
    setRows((old) => (from ? [...old, ...page.items] : page.items));
    setCursor(page.nextCursor);
  };
  useEffect(() => void more(null), []);
  return (
    <section class="card" aria-labelledby="audit-title">
      <h1 id="audit-title">{t('navAudit')}</h1>
      {/* Scrolls sideways on a phone: a keyboard reaches it too. */}
      <div class="table-scroll" tabIndex={0} role="region" aria-labelledby="audit-title">
        <table>
          <thead>
            <tr>
              <th scope="col">{t('when')}</th>
              <th scope="col">{t('what')}</th>
              <th scope="col">{t('who')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.id}>
                <td>{new Date(row.createdAt).toLocaleString(document.documentElement.lang)}</td>
                <td dir="ltr">
                  {row.action} {row.entityType} {row.entityId ?? ''}
                </td>
                <td dir="ltr">{row.actorId ?? row.actorRole}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {cursor ? (
        <button type="button" class="secondary" onClick={() => void more(cursor)}>
          {t('more')}
        </button>
      ) : null}
    </section>
  );
}
