import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { api, everything } from '../api.js';
import { t, type WordKey } from '../i18n.js';
import { localDate, zonedInstant } from '../moments.js';
import { weekdayNames } from '../rule-words.js';
import { synagogue } from '../store.js';
import { CheckField, DaysField, FormProblem, SelectField, TextArea, TextField } from './fields.js';
import { useForm } from './form.js';
import { PreviewPanel } from './preview.js';

export interface FieldSpec {
  key: string;
  label: WordKey;
  kind: 'text' | 'textarea' | 'number' | 'check' | 'select' | 'datetime' | 'date' | 'clock' | 'days';
  options?: readonly { value: string; label: WordKey }[];
  ltr?: boolean;
}

export interface CollectionSpec {
  path: string;
  /** The content collection's name in a preview draft; none for what the wall does not draw from it. */
  collection: string;
  title: WordKey;
  add: WordKey;
  fields: readonly FieldSpec[];
  summary(row: Row): string;
  name(row: Row): string;
  order?(a: Row, b: Row): number;
}

type Row = Record<string, unknown> & { id: string };
type Values = Record<string, string | boolean | number[]>;

const num = (text: string): number | string => (text.trim() !== '' && Number.isFinite(Number(text)) ? Number(text) : text);

function toValues(spec: CollectionSpec, row: Row | null, zone: string): Values {
  const values: Values = {};
  for (const field of spec.fields) {
    const value = row?.[field.key];
    if (field.kind === 'check') values[field.key] = typeof value === 'boolean' ? value : field.key === 'active';
    else if (field.kind === 'days') values[field.key] = Array.isArray(value) ? (value as number[]) : [];
    else if (field.kind === 'datetime' && typeof value === 'string') {
      const at = new Date(value);
      values[field.key] = `${localDate(at, zone)}T${at.toLocaleTimeString('en-GB', { timeZone: zone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })}`;
    } else if (field.kind === 'clock') values[field.key] = (value as { time?: string } | undefined)?.time ?? '';
    else if (field.kind === 'select') values[field.key] = value === undefined ? (field.options?.[0]?.value ?? '') : String(value);
    else values[field.key] = value === undefined || value === null ? '' : String(value);
  }
  return values;
}

/** The row as the API takes it; an empty optional field is left out (create) or cleared (change). */
function toBody(spec: CollectionSpec, values: Values, zone: string, mode: 'create' | 'update'): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const field of spec.fields) {
    const value = values[field.key];
    let out: unknown;
    if (field.kind === 'check') out = value;
    else if (field.kind === 'days') out = (value as number[]).length ? value : undefined;
    else if (typeof value === 'string' && value.trim() === '') out = undefined;
    else if (field.kind === 'number') out = num(value as string);
    else if (field.kind === 'datetime') {
      const [date, time] = (value as string).split('T');
      out = date && time ? zonedInstant(date, time.slice(0, 5), zone).toISOString() : value;
    } else if (field.kind === 'clock') out = { kind: 'fixed', time: value };
    else out = value;
    if (out !== undefined) body[field.key] = out;
    else if (mode === 'update') body[field.key] = null;
  }
  return body;
}

/** The row as the wire has it: without what the API adds (owner, creation time). */
function wireOf(row: Row): Record<string, unknown> {
  const { userId: _userId, createdAt: _createdAt, ...wire } = row;
  return wire;
}

/**
 * A list of one content collection (messages, yahrzeits, shiurim, Torah honors, slides) and its
 * form, with the live preview of the unsaved row beside it. `extra` adds a part to the list
 * (the yahrzeits' CSV import and export).
 */
export function CollectionPage(props: { spec: CollectionSpec; extra?: (reload: () => void) => ComponentChildren }) {
  const { spec } = props;
  const [rows, setRows] = useState<Row[]>([]);
  const [editing, setEditing] = useState<Row | 'new' | null>(null);
  const load = () => everything<Row>(`/${spec.path}`).then((all) => setRows(spec.order ? all.sort(spec.order) : all));
  useEffect(() => {
    setEditing(null);
    void load();
  }, [spec.path]);

  if (editing)
    return (
      <RowEditor
        spec={spec}
        row={editing === 'new' ? null : editing}
        done={() => {
          setEditing(null);
          void load();
        }}
      />
    );
  return (
    <section class="card" aria-labelledby="list-title">
      <div class="title-row">
        <h1 id="list-title">{t(spec.title)}</h1>
        <button type="button" onClick={() => setEditing('new')}>
          {t(spec.add)}
        </button>
      </div>
      {props.extra?.(() => void load())}
      {rows.length === 0 ? <p class="muted">{t('nothingYet')}</p> : null}
      <ul class="rows">
        {rows.map((row) => (
          <li key={row.id} class={row.active === false ? 'inactive' : ''}>
            <button type="button" class="row-button" onClick={() => setEditing(row)}>
              <span class="visually-hidden">{t('edit')} </span>
              <strong dir="auto">{spec.name(row)}</strong>
              <span class="muted" dir="auto">
                {spec.summary(row)}
              </span>
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}

function RowEditor(props: { spec: CollectionSpec; row: Row | null; done(): void }) {
  const { spec, row } = props;
  const zone = synagogue.value?.timezone ?? 'UTC';
  const [initial] = useState(() => toValues(spec, row, zone));
  const form = useForm<Values>(initial);
  const body = toBody(spec, form.values, zone, 'create');
  // A change sends only the fields the gabbai touched: what the form does not show (a slide's
  // zman window, a takeover) stays as it is, in the saved row and in the preview.
  const touched = spec.fields.filter((f) => JSON.stringify(form.values[f.key]) !== JSON.stringify(initial[f.key])).map((f) => f.key);
  const patch = Object.fromEntries(Object.entries(toBody(spec, form.values, zone, 'update')).filter(([key]) => touched.includes(key)));
  const previewRow = row ? Object.fromEntries(Object.entries({ ...wireOf(row), ...patch }).filter(([, value]) => value !== null)) : body;
  const draft = { draft: { [spec.collection]: [previewRow] } };

  const save = (event: Event) => {
    event.preventDefault();
    void form.submit(() => (row ? api.patch(`/${spec.path}/${row.id}`, patch) : api.post(`/${spec.path}`, body))).then((ok) => ok && props.done());
  };
  const remove = () => {
    if (!row || !window.confirm(t('confirmDelete', { name: spec.name(row) }))) return;
    void form.submit(() => api.remove(`/${spec.path}/${row.id}`)).then((ok) => ok && props.done());
  };

  return (
    <div class="with-preview">
      <form class="card" onSubmit={save} noValidate aria-labelledby="row-title">
        <h1 id="row-title">{row ? t('editNamed', { name: spec.name(row) }) : t(spec.add)}</h1>
        <FormProblem message={form.problem} />
        {spec.fields.map((field) => {
          const value = form.values[field.key];
          const common = { name: field.key, label: t(field.label), error: form.error(field.key) };
          switch (field.kind) {
            case 'check':
              return <CheckField key={field.key} {...common} checked={value as boolean} onChange={(x) => form.set(field.key, x)} />;
            case 'days':
              return (
                <DaysField
                  key={field.key}
                  legend={t(field.label)}
                  names={weekdayNames()}
                  value={value as number[]}
                  onChange={(x) => form.set(field.key, x)}
                  error={common.error}
                />
              );
            case 'textarea':
              return <TextArea key={field.key} {...common} value={value as string} onInput={(x) => form.set(field.key, x)} />;
            case 'select':
              return (
                <SelectField
                  key={field.key}
                  {...common}
                  value={value as string}
                  options={(field.options ?? []).map((o) => ({ value: o.value, label: t(o.label) }))}
                  onChange={(x) => form.set(field.key, x)}
                />
              );
            default:
              return (
                <TextField
                  key={field.key}
                  {...common}
                  type={field.kind === 'datetime' ? 'datetime-local' : field.kind === 'date' ? 'date' : 'text'}
                  inputMode={field.kind === 'number' ? 'numeric' : undefined}
                  dir={field.ltr || field.kind === 'clock' ? 'ltr' : 'auto'}
                  hint={field.kind === 'clock' ? 'HH:mm' : undefined}
                  value={value as string}
                  onInput={(x) => form.set(field.key, x)}
                  error={field.kind === 'clock' ? form.error(`${field.key}.time`, field.key) : common.error}
                />
              );
          }
        })}
        <div class="actions">
          <button type="submit" disabled={form.saving}>
            {t('save')}
          </button>
          <button type="button" class="secondary" onClick={props.done}>
            {t('cancel')}
          </button>
          {row ? (
            <button type="button" class="danger" onClick={remove}>
              {t('delete')}
            </button>
          ) : null}
        </div>
      </form>
      <PreviewPanel draft={draft} />
    </div>
  );
}
