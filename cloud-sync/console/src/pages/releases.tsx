import { useEffect, useState } from 'preact/hooks';
import { api, everything } from '../api.js';
import { t } from '../i18n.js';
import { FormProblem, SelectField, TextArea, TextField } from '../parts/fields.js';
import { useForm } from '../parts/form.js';

interface Release {
  id: string;
  version: string;
  channel: string;
  status: 'draft' | 'published' | 'paused' | 'withdrawn';
  rolloutPercent: number;
  devices: Record<string, number>;
  createdAt: string;
}
const NEXT: Record<Release['status'], Exclude<Release['status'], 'draft'>[]> = {
  draft: ['published', 'withdrawn'],
  published: ['paused', 'withdrawn'],
  paused: ['published', 'withdrawn'],
  withdrawn: [],
};

/** Software releases: drafted, published to a share of the screens, paused or withdrawn; where each screen stands. */
export function ReleasesPage() {
  const [releases, setReleases] = useState<Release[]>([]);
  const load = () => everything<Release>('/releases').then(setReleases);
  useEffect(() => void load(), []);
  const form = useForm({ version: '', channel: 'stable', url: '', sha256: '', signature: '', rolloutPercent: '100', releaseNotes: '' });
  const v = form.values;
  const add = (event: Event) => {
    event.preventDefault();
    void form
      .submit(() =>
        api.post('/releases', {
          version: v.version,
          channel: v.channel,
          url: v.url,
          sha256: v.sha256,
          signature: v.signature,
          rolloutPercent: Number.isFinite(Number(v.rolloutPercent)) && v.rolloutPercent.trim() ? Number(v.rolloutPercent) : v.rolloutPercent,
          ...(v.releaseNotes ? { releaseNotes: v.releaseNotes } : {}),
        }),
      )
      .then(async (ok) => {
        if (ok) await load();
      });
  };
  const move = async (release: Release, status: Release['status']) => {
    await api.patch(`/releases/${release.id}`, { status });
    await load();
  };
  return (
    <section class="card" aria-labelledby="releases-title">
      <h1 id="releases-title">{t('navReleases')}</h1>
      <ul class="rows">
        {releases.map((release) => (
          <li key={release.id}>
            <div class="row-static">
              <strong dir="ltr">{release.version}</strong>
              <span class="muted">
                {t(`release_${release.status}`)} · {release.channel} · {release.rolloutPercent}% ·{' '}
                {Object.entries(release.devices)
                  .map(([state, count]) => `${state} ${count}`)
                  .join(', ')}
              </span>
              <span class="actions">
                {NEXT[release.status].map((status) => (
                  <button key={status} type="button" class="secondary" onClick={() => void move(release, status)}>
                    {t(`releaseTo_${status as Exclude<Release['status'], 'draft'>}`)}
                  </button>
                ))}
              </span>
            </div>
          </li>
        ))}
      </ul>
      <form class="subcard" onSubmit={add} noValidate aria-labelledby="new-release-title">
        <h2 id="new-release-title">{t('newRelease')}</h2>
        <FormProblem message={form.problem} />
        <TextField name="version" label={t('version')} value={v.version} dir="ltr" onInput={(x) => form.set('version', x)} error={form.error('version')} />
        <SelectField
          name="channel"
          label={t('channel')}
          value={v.channel}
          options={[
            { value: 'stable', label: 'stable' },
            { value: 'beta', label: 'beta' },
          ]}
          onChange={(x) => form.set('channel', x)}
          error={form.error('channel')}
        />
        <TextField name="url" label={t('artifactUrl')} value={v.url} dir="ltr" type="url" onInput={(x) => form.set('url', x)} error={form.error('url')} />
        <TextField name="sha256" label="SHA-256" value={v.sha256} dir="ltr" onInput={(x) => form.set('sha256', x)} error={form.error('sha256')} />
        <TextField
          name="signature"
          label={t('signature')}
          value={v.signature}
          dir="ltr"
          onInput={(x) => form.set('signature', x)}
          error={form.error('signature')}
        />
        <TextField
          name="rolloutPercent"
          label={t('rolloutPercent')}
          value={v.rolloutPercent}
          inputMode="numeric"
          onInput={(x) => form.set('rolloutPercent', x)}
          error={form.error('rolloutPercent')}
        />
        <TextArea
          name="releaseNotes"
          label={t('releaseNotes')}
          value={v.releaseNotes}
          onInput={(x) => form.set('releaseNotes', x)}
          error={form.error('releaseNotes')}
        />
        <button type="submit" disabled={form.saving}>
          {t('newRelease')}
        </button>
      </form>
    </section>
  );
}
