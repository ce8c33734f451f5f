import { signal } from '@preact/signals';
import { useEffect, useRef, useState } from 'preact/hooks';
import { api, ApiFailure } from '../api.js';
import { t, type WordKey } from '../i18n.js';
import { momentAt, MOMENT_KINDS, type MomentKind } from '../moments.js';
import { go } from '../router.js';
import { previewDevice, synagogue } from '../store.js';

/** Unsaved changes to show: rows that replace or join saved ones, saved rows left out, settings. */
export interface PreviewDraft {
  draft?: Record<string, Record<string, unknown>[]>;
  remove?: Record<string, string[]>;
  settings?: Record<string, unknown>;
}

interface PreviewAnswer {
  at: string;
  model: { layout: { orientation: 'landscape' | 'portrait' }; todayPrayerTimes: { id: string; time: string; explanation?: string; label: string }[] };
  omitted: { collection: string; id: string; problems: string[] }[];
}

/** The moment previewed, kept as the gabbai moves between pages. */
export const previewMoment = signal<{ kind: MomentKind; custom: string }>({ kind: 'now', custom: '' });

export function previewInstant(): Date {
  const zone = synagogue.value?.timezone ?? 'UTC';
  return momentAt(previewMoment.value.kind, new Date(), zone, previewMoment.value.custom);
}

/** Ask the gateway what the screen would show at `at` with the draft applied (the device's own model code). */
export function fetchPreview(deviceId: string, at: Date, draft: PreviewDraft): Promise<PreviewAnswer> {
  return api.post<PreviewAnswer>(`/devices/${deviceId}/preview`, { at: at.toISOString(), ...draft });
}

/**
 * The live preview beside an edit: the real display bundle in a frame, drawing the model the
 * preview endpoint returns for the chosen moment, at the screen's own orientation and theme.
 * Each change of the draft asks again (gathered for a quarter second).
 */
export function PreviewPanel(props: { draft: PreviewDraft }) {
  const device = previewDevice.value;
  const frame = useRef<HTMLIFrameElement>(null);
  const box = useRef<HTMLDivElement>(null);
  const [answer, setAnswer] = useState<PreviewAnswer | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [scale, setScale] = useState(0.2);
  const key = JSON.stringify([props.draft, previewMoment.value, device?.id, synagogue.value?.timezone]);

  useEffect(() => {
    if (!device) return;
    const timer = window.setTimeout(() => {
      fetchPreview(device.id, previewInstant(), props.draft).then(
        (got) => {
          setAnswer(got);
          setProblem(null);
        },
        (error: unknown) => setProblem(error instanceof ApiFailure ? error.message : String(error)),
      );
    }, 250);
    return () => window.clearTimeout(timer);
  }, [key]);

  useEffect(() => {
    const post = () =>
      answer && frame.current?.contentWindow?.postMessage({ kind: 'luach-preview', model: answer.model, at: answer.at }, window.location.origin);
    post();
    const ready = (event: MessageEvent) => {
      if (
        event.origin === window.location.origin &&
        event.source === frame.current?.contentWindow &&
        (event.data as { kind?: string })?.kind === 'luach-preview-ready'
      )
        post();
    };
    window.addEventListener('message', ready);
    return () => window.removeEventListener('message', ready);
  }, [answer]);

  const portrait = answer?.model.layout.orientation === 'portrait';
  const width = portrait ? 1080 : 1920;
  const height = portrait ? 1920 : 1080;
  useEffect(() => {
    const element = box.current;
    if (!element) return;
    const observer = new ResizeObserver(() => setScale(Math.min(element.clientWidth / width, portrait ? 0.3 : 1)));
    observer.observe(element);
    return () => observer.disconnect();
  }, [width, portrait, device?.id]);

  if (!device)
    return (
      <aside class="preview" aria-label={t('preview')}>
        <p class="muted">{t('previewNeedsScreen')}</p>
        <button type="button" class="secondary" onClick={() => go('/screens')}>
          {t('navScreens')}
        </button>
      </aside>
    );
  return (
    <aside class="preview" aria-label={t('preview')}>
      <MomentPicker />
      <div class="preview-frame" ref={box} style={{ height: `${Math.round(height * scale)}px` }}>
        <iframe
          ref={frame}
          src="/display/?preview"
          title={t('previewFrameTitle', { screen: device.name })}
          tabIndex={-1}
          style={{ width: `${width}px`, height: `${height}px`, transform: `scale(${scale})` }}
        />
      </div>
      <p class="muted preview-caption" aria-live="polite" data-preview-at={answer?.at ?? ''}>
        {answer
          ? t('previewCaption', {
              screen: device.name,
              at: new Date(answer.at).toLocaleString(document.documentElement.lang, {
                timeZone: synagogue.value?.timezone,
                dateStyle: 'full',
                timeStyle: 'short',
              }),
            })
          : t('loading')}
      </p>
      {problem ? (
        <p class="form-problem" role="alert">
          {problem}
        </p>
      ) : null}
      {answer?.omitted.length ? <p class="warning">{t('previewOmitted', { count: answer.omitted.length })}</p> : null}
    </aside>
  );
}

const MOMENT_WORDS: Record<MomentKind, WordKey> = {
  now: 'momentNow',
  friday: 'momentFriday',
  shabbat: 'momentShabbat',
  motzei: 'momentMotzei',
  chanukah: 'momentChanukah',
  pesach: 'momentPesach',
  custom: 'momentCustom',
};

/** "Now", "Friday 15:30", "first night of Chanukah", or any moment. */
export function MomentPicker() {
  const value = previewMoment.value;
  return (
    <div class="moment-picker">
      <label for="preview-moment">{t('previewAt')}</label>
      <select
        id="preview-moment"
        value={value.kind}
        onChange={(e) => (previewMoment.value = { ...value, kind: (e.target as HTMLSelectElement).value as MomentKind })}
      >
        {MOMENT_KINDS.map((kind) => (
          <option key={kind} value={kind}>
            {t(MOMENT_WORDS[kind])}
          </option>
        ))}
      </select>
      {value.kind === 'custom' ? (
        <>
          <label for="preview-custom" class="visually-hidden">
            {t('momentCustom')}
          </label>
          <input
            id="preview-custom"
            type="datetime-local"
            value={value.custom}
            onInput={(e) => (previewMoment.value = { ...value, custom: (e.target as HTMLInputElement).value })}
          />
        </>
      ) : null}
    </div>
  );
}
