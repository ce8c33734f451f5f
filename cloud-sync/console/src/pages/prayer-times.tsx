import { useEffect, useState } from 'preact/hooks';
import type { TfilaTime } from '../../../protocol/content.js';
import { api, everything } from '../api.js';
import { t } from '../i18n.js';
import { addDays, localDate, zonedInstant } from '../moments.js';
import { CheckField, DaysField, FormProblem, SelectField, TextField } from '../parts/fields.js';
import { useForm } from '../parts/form.js';
import { fetchPreview, previewInstant, previewMoment, PreviewPanel } from '../parts/preview.js';
import { DAY_KINDS, dayKindWord, ruleInWords, weekdayNames, zmanWord, ZMANIM } from '../rule-words.js';
import { previewDevice, synagogue } from '../store.js';

type Rule = TfilaTime & { id: string };

const BLANK = {
  name: '',
  nameEn: '',
  category: 'mincha' as 'shacharit' | 'mincha' | 'maariv' | 'other',
  timeKind: 'zman' as 'fixed' | 'zman',
  fixedTime: '13:30',
  zman: 'sunset' as string,
  minutes: '0',
  direction: 'before' as 'before' | 'after',
  rounding: 'none' as 'none' | 'down' | 'up' | 'nearest',
  step: '5',
  daysOfWeek: [] as number[],
  dayKinds: [] as string[],
  excludeDayKinds: [] as string[],
  sortOrder: '0',
  active: true,
};
type Values = typeof BLANK;

const num = (text: string): number | string => (text.trim() !== '' && Number.isFinite(Number(text)) ? Number(text) : text);

function wireOf(rule: Rule): Record<string, unknown> {
  const { userId: _userId, createdAt: _createdAt, ...wire } = rule as Rule & { userId?: string; createdAt?: string };
  return wire;
}

function valuesOf(rule: Rule): Values {
  const time = rule.time;
  const offset = time.kind === 'zman' ? (time.offsetMinutes ?? 0) : 0;
  return {
    name: rule.name,
    nameEn: rule.nameEn ?? '',
    category: rule.category ?? 'other',
    timeKind: time.kind,
    fixedTime: time.kind === 'fixed' ? time.time : '13:30',
    zman: time.kind === 'zman' ? time.zman : 'sunset',
    minutes: String(Math.abs(offset)),
    direction: offset > 0 ? 'after' : 'before',
    rounding: rule.rounding?.mode ?? 'none',
    step: String(rule.rounding?.step ?? 5),
    daysOfWeek: rule.daysOfWeek ?? [],
    dayKinds: rule.dayKinds ?? [],
    excludeDayKinds: rule.excludeDayKinds ?? [],
    sortOrder: String(rule.sortOrder ?? 0),
    active: rule.active ?? true,
  };
}

/** The rule as the API takes it, from the words of the form. */
function bodyOf(v: Values): Record<string, unknown> {
  const minutes = num(v.minutes);
  return {
    name: v.name,
    ...(v.nameEn ? { nameEn: v.nameEn } : {}),
    category: v.category,
    time:
      v.timeKind === 'fixed'
        ? { kind: 'fixed', time: v.fixedTime }
        : { kind: 'zman', zman: v.zman, offsetMinutes: typeof minutes === 'number' && v.direction === 'before' ? -minutes : minutes },
    ...(v.rounding === 'none' ? {} : { rounding: { mode: v.rounding, step: num(v.step) } }),
    ...(v.daysOfWeek.length ? { daysOfWeek: v.daysOfWeek } : {}),
    ...(v.dayKinds.length ? { dayKinds: v.dayKinds } : {}),
    ...(v.excludeDayKinds.length ? { excludeDayKinds: v.excludeDayKinds } : {}),
    sortOrder: num(v.sortOrder),
    active: v.active,
  };
}

/** Prayer times as rules said in words, each with the coming week's times and why each is what it is. */
export function PrayerTimesPage() {
  const [rules, setRules] = useState<Rule[]>([]);
  const [editing, setEditing] = useState<Rule | 'new' | null>(null);
  const load = () => everything<Rule>('/prayer-times').then((rows) => setRules(rows.sort((a, b) => (a.sortOrder ?? 0) - (b.sortOrder ?? 0))));
  useEffect(() => void load(), []);

  if (editing)
    return (
      <RuleEditor
        rule={editing === 'new' ? null : editing}
        done={() => {
          setEditing(null);
          void load();
        }}
      />
    );
  return (
    <section class="card" aria-labelledby="prayers-title">
      <div class="title-row">
        <h1 id="prayers-title">{t('navPrayerTimes')}</h1>
        <button type="button" onClick={() => setEditing('new')}>
          {t('addRule')}
        </button>
      </div>
      <ul class="rows">
        {rules.map((rule) => (
          <li key={rule.id} class={rule.active === false ? 'inactive' : ''}>
            <button type="button" class="row-button" onClick={() => setEditing(rule)}>
              <span class="visually-hidden">{t('edit')} </span>
              <strong dir="auto">{rule.name}</strong>
              <span class="muted">{ruleInWords(rule)}</span>
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}

function RuleEditor(props: { rule: Rule | null; done(): void }) {
  const form = useForm<Values>(props.rule ? valuesOf(props.rule) : BLANK);
  const v = form.values;
  const body = bodyOf(v);
  // Over the saved rule, so what the form does not show (replaces, weekly) is previewed as it is.
  const draftRow = props.rule
    ? { ...wireOf(props.rule), rounding: undefined, daysOfWeek: undefined, dayKinds: undefined, excludeDayKinds: undefined, nameEn: undefined, ...body }
    : body;
  const draft = { draft: { TfilaTime: [draftRow] } };
  const names = weekdayNames();

  const save = (event: Event) => {
    event.preventDefault();
    void form
      .submit(() =>
        props.rule
          ? api.patch(`/prayer-times/${props.rule.id}`, { rounding: null, daysOfWeek: null, dayKinds: null, excludeDayKinds: null, nameEn: null, ...body })
          : api.post('/prayer-times', body),
      )
      .then((ok) => ok && props.done());
  };
  const remove = () => {
    if (!props.rule || !window.confirm(t('confirmDelete', { name: props.rule.name }))) return;
    void form.submit(() => api.remove(`/prayer-times/${props.rule!.id}`)).then((ok) => ok && props.done());
  };

  return (
    <div class="with-preview">
      <form class="card" onSubmit={save} noValidate aria-labelledby="rule-title">
        <h1 id="rule-title">{props.rule ? t('editRule') : t('addRule')}</h1>
        <p class="rule-words" data-testid="rule-words" aria-live="polite">
          {typeof body.time === 'object' ? ruleInWords(body as never) : ''}
        </p>
        <FormProblem message={form.problem} />
        <TextField name="name" label={t('ruleName')} value={v.name} onInput={(x) => form.set('name', x)} error={form.error('name')} />
        <TextField name="nameEn" label={t('ruleNameEn')} value={v.nameEn} dir="ltr" onInput={(x) => form.set('nameEn', x)} error={form.error('nameEn')} />
        <SelectField
          name="category"
          label={t('category')}
          value={v.category}
          options={(['shacharit', 'mincha', 'maariv', 'other'] as const).map((c) => ({ value: c, label: t(`category_${c}`) }))}
          onChange={(x) => form.set('category', x)}
          error={form.error('category')}
        />
        <SelectField
          name="timeKind"
          label={t('timeKind')}
          value={v.timeKind}
          options={[
            { value: 'zman', label: t('timeRelative') },
            { value: 'fixed', label: t('timeFixed') },
          ]}
          onChange={(x) => form.set('timeKind', x)}
        />
        {v.timeKind === 'fixed' ? (
          <TextField
            name="fixedTime"
            label={t('clockTime')}
            value={v.fixedTime}
            dir="ltr"
            inputMode="numeric"
            hint="HH:mm"
            onInput={(x) => form.set('fixedTime', x)}
            error={form.error('time.time', 'time')}
          />
        ) : (
          <div class="row">
            <TextField
              name="minutes"
              label={t('minutes')}
              value={v.minutes}
              inputMode="numeric"
              onInput={(x) => form.set('minutes', x)}
              error={form.error('time.offsetMinutes')}
            />
            <SelectField
              name="direction"
              label={t('beforeOrAfter')}
              value={v.direction}
              options={[
                { value: 'before', label: t('before') },
                { value: 'after', label: t('after') },
              ]}
              onChange={(x) => form.set('direction', x)}
            />
            <SelectField
              name="zman"
              label={t('zman')}
              value={v.zman}
              options={ZMANIM.map((z) => ({ value: z, label: zmanWord(z) }))}
              onChange={(x) => form.set('zman', x)}
              error={form.error('time.zman')}
            />
          </div>
        )}
        <div class="row">
          <SelectField
            name="rounding"
            label={t('rounding')}
            value={v.rounding}
            options={(['none', 'down', 'up', 'nearest'] as const).map((m) => ({ value: m, label: t(`rounding_${m}`) }))}
            onChange={(x) => form.set('rounding', x)}
            error={form.error('rounding.mode')}
          />
          {v.rounding !== 'none' ? (
            <SelectField
              name="step"
              label={t('roundingStep')}
              value={v.step}
              options={['1', '5', '10', '15'].map((s) => ({ value: s, label: s }))}
              onChange={(x) => form.set('step', x)}
              error={form.error('rounding.step')}
            />
          ) : null}
        </div>
        <DaysField legend={t('daysOfWeek')} names={names} value={v.daysOfWeek} onChange={(x) => form.set('daysOfWeek', x)} error={form.error('daysOfWeek')} />
        <DayKindsField legend={t('onlyOnDays')} value={v.dayKinds} onChange={(x) => form.set('dayKinds', x)} />
        <DayKindsField legend={t('notOnDays')} value={v.excludeDayKinds} onChange={(x) => form.set('excludeDayKinds', x)} />
        <TextField
          name="sortOrder"
          label={t('sortOrder')}
          value={v.sortOrder}
          inputMode="numeric"
          onInput={(x) => form.set('sortOrder', x)}
          error={form.error('sortOrder')}
        />
        <CheckField name="active" label={t('active')} checked={v.active} onChange={(x) => form.set('active', x)} />
        <WeekTimes ruleId={props.rule?.id ?? 'draft-1'} draft={draft} />
        <div class="actions">
          <button type="submit" disabled={form.saving}>
            {t('save')}
          </button>
          <button type="button" class="secondary" onClick={props.done}>
            {t('cancel')}
          </button>
          {props.rule ? (
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

interface DayTime {
  date: string;
  time: string | null;
  explanation: string | null;
}

/** The coming week of the rule as it stands in the form: each day's time, and how it was reached. */
function WeekTimes(props: { ruleId: string; draft: { draft: Record<string, Record<string, unknown>[]> } }) {
  const device = previewDevice.value;
  const zone = synagogue.value?.timezone ?? 'UTC';
  const [week, setWeek] = useState<DayTime[] | null>(null);
  const key = JSON.stringify([props.draft, previewMoment.value, device?.id]);
  useEffect(() => {
    if (!device) return;
    const timer = window.setTimeout(() => {
      const first = localDate(previewInstant(), zone);
      const days = [0, 1, 2, 3, 4, 5, 6].map((n) => addDays(first, n));
      void Promise.all(
        days.map((date) =>
          fetchPreview(device.id, zonedInstant(date, '00:05', zone), props.draft).then(
            (answer) => {
              const row = answer.model.todayPrayerTimes.find((r) => r.id === props.ruleId);
              return { date, time: row?.time ?? null, explanation: row?.explanation ?? null };
            },
            () => ({ date, time: null, explanation: null }),
          ),
        ),
      ).then(setWeek);
    }, 400);
    return () => window.clearTimeout(timer);
  }, [key]);
  if (!device) return null;
  return (
    <section class="week" aria-labelledby="week-title">
      <h2 id="week-title">{t('comingWeek')}</h2>
      <table>
        <tbody>
          {(week ?? []).map((day) => (
            <tr key={day.date}>
              <th scope="row">
                {new Date(`${day.date}T12:00:00Z`).toLocaleDateString(document.documentElement.lang, {
                  weekday: 'short',
                  day: 'numeric',
                  month: 'short',
                  timeZone: 'UTC',
                })}
              </th>
              <td class="week-time" dir="ltr">
                {day.time ?? '—'}
              </td>
              <td class="muted">{day.time ? (day.explanation ?? '') : t('notThisDay')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** Kinds of day, as checkboxes: the days a rule is limited to, or the days it is left out on. */
function DayKindsField(props: { legend: string; value: string[]; onChange(kinds: string[]): void }) {
  return (
    <fieldset class="days">
      <legend>{props.legend}</legend>
      {DAY_KINDS.map((kind) => (
        <label key={kind} class="day">
          <input
            type="checkbox"
            checked={props.value.includes(kind)}
            onChange={(e) => props.onChange((e.target as HTMLInputElement).checked ? [...props.value, kind] : props.value.filter((k) => k !== kind))}
          />
          {dayKindWord(kind)}
        </label>
      ))}
    </fieldset>
  );
}
