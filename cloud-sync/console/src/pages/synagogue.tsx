import { useEffect, useState } from 'preact/hooks';
import { api, everything } from '../api.js';
import { searchCities, type City } from '../cities.js';
import { language, t } from '../i18n.js';
import { CheckField, FormProblem, SelectField, TextField } from '../parts/fields.js';
import { useForm } from '../parts/form.js';
import { PreviewPanel } from '../parts/preview.js';
import { devices, refresh, synagogue, type SettingsRow } from '../store.js';

const EMPTY = {
  name: '',
  nameEn: '',
  city: '',
  cityEn: '',
  latitude: '',
  longitude: '',
  timezone: '',
  israel: false,
  walledCity: false,
  nusach: 'ashkenaz',
  useElevation: false,
  elevation: '0',
  language: 'he' as 'he' | 'en' | 'he+en',
  viewingDistance: 'small-room' as 'small-room' | 'hall' | 'large-hall',
  candleLightingMinutes: '18',
  havdalahRule: 'degrees' as 'degrees' | 'minutes',
  havdalahDegrees: '8.5',
  havdalahMinutes: '42',
};
type Values = typeof EMPTY;

/** A number when the text is one; else the text itself, which the gateway refuses with a field error (never a silent default). */
const num = (text: string): number | string => (text.trim() !== '' && Number.isFinite(Number(text)) ? Number(text) : text);

/**
 * The synagogue: name, city (from the bundled list, or the phone's location), nusach, language, how far the back row sits,
 * Israel or the diaspora, walled city, candle lighting, the havdalah rule; elevation only if
 * asked. The settings part is the synagogue's screens' (DeviceSettings), previewed before saving.
 */
export function SynagoguePage() {
  const shul = synagogue.value;
  const screens = devices.value.filter((d) => shul && d.synagogueId === shul.id);
  const [settings, setSettings] = useState<SettingsRow[]>([]);
  const form = useForm<Values>(EMPTY);
  const [search, setSearch] = useState('');
  const [locating, setLocating] = useState<string | null>(null);
  const v = form.values;

  useEffect(() => {
    if (!shul) return;
    void everything<SettingsRow>('/device-settings').then((rows) => {
      const mine = rows.filter((row) => screens.some((s) => s.id === row.deviceId));
      setSettings(mine);
      const first = mine[0];
      form.reset({
        name: shul.name,
        nameEn: shul.nameEn ?? '',
        city: shul.city ?? '',
        cityEn: shul.cityEn ?? '',
        latitude: String(shul.latitude),
        longitude: String(shul.longitude),
        timezone: shul.timezone,
        israel: shul.israel ?? false,
        walledCity: shul.walledCity ?? false,
        nusach: shul.nusach ?? 'ashkenaz',
        useElevation: shul.useElevation ?? false,
        elevation: String(shul.elevation ?? 0),
        language: first?.language ?? 'he',
        viewingDistance: first?.viewingDistance ?? 'small-room',
        candleLightingMinutes: String(first?.candleLightingMinutes ?? 18),
        havdalahRule: first?.havdalahMinutes !== undefined ? 'minutes' : 'degrees',
        havdalahDegrees: String(first?.havdalahDegrees ?? 8.5),
        havdalahMinutes: String(first?.havdalahMinutes ?? 42),
      });
    });
  }, [shul?.id, screens.length]);

  if (!shul) return <p>{t('noSynagogue')}</p>;

  const settingsPatch = () => ({
    language: v.language,
    viewingDistance: v.viewingDistance,
    candleLightingMinutes: num(v.candleLightingMinutes),
    ...(v.havdalahRule === 'minutes' ? { havdalahMinutes: num(v.havdalahMinutes) } : { havdalahMinutes: null, havdalahDegrees: num(v.havdalahDegrees) }),
  });
  const previewSettings = Object.fromEntries(Object.entries(settingsPatch()).filter(([, value]) => value !== null && value !== ''));

  const pick = (city: City) => {
    form.set('city', city.he);
    form.set('cityEn', city.en);
    form.set('latitude', String(city.latitude));
    form.set('longitude', String(city.longitude));
    form.set('timezone', city.timezone);
    form.set('israel', city.israel);
    form.set('walledCity', city.walled ?? false);
    setSearch('');
  };
  const locate = () => {
    setLocating(t('locating'));
    navigator.geolocation.getCurrentPosition(
      (position) => {
        form.set('latitude', position.coords.latitude.toFixed(4));
        form.set('longitude', position.coords.longitude.toFixed(4));
        form.set('timezone', Intl.DateTimeFormat().resolvedOptions().timeZone);
        setLocating(t('located'));
      },
      () => setLocating(t('locationRefused')),
      { timeout: 15_000 },
    );
  };

  const save = (event: Event) => {
    event.preventDefault();
    void form.submit(async () => {
      await api.patch(`/synagogues/${shul.id}`, {
        name: v.name,
        nameEn: v.nameEn || null,
        city: v.city || null,
        cityEn: v.cityEn || null,
        latitude: num(v.latitude),
        longitude: num(v.longitude),
        timezone: v.timezone,
        israel: v.israel,
        walledCity: v.walledCity,
        nusach: v.nusach,
        useElevation: v.useElevation,
        elevation: v.useElevation ? num(v.elevation) : 0,
      });
      for (const screen of screens) {
        const row = settings.find((s) => s.deviceId === screen.id);
        if (row) await api.patch(`/device-settings/${row.id}`, settingsPatch());
        else await api.post('/device-settings', { deviceId: screen.id, ...Object.fromEntries(Object.entries(settingsPatch()).filter(([, x]) => x !== null)) });
      }
      await refresh();
    });
  };
  const hits = searchCities(search);

  return (
    <div class="with-preview">
      <form class="card" onSubmit={save} noValidate aria-labelledby="synagogue-title">
        <h1 id="synagogue-title">{t('synagogueTitle')}</h1>
        <FormProblem message={form.problem} />
        <TextField name="name" label={t('synagogueName')} value={v.name} onInput={(x) => form.set('name', x)} error={form.error('name')} />
        <TextField name="nameEn" label={t('synagogueNameEn')} value={v.nameEn} dir="ltr" onInput={(x) => form.set('nameEn', x)} error={form.error('nameEn')} />
        <fieldset>
          <legend>{t('city')}</legend>
          <div class="city-search">
            <label for="city-search">{t('searchCity')}</label>
            <input
              id="city-search"
              type="search"
              role="combobox"
              aria-expanded={hits.length > 0}
              aria-controls="city-hits"
              autocomplete="off"
              value={search}
              onInput={(e) => setSearch((e.target as HTMLInputElement).value)}
            />
            {hits.length ? (
              <ul id="city-hits" role="listbox" class="city-hits">
                {hits.map((city) => (
                  <li key={city.en} role="option" aria-selected="false">
                    <button type="button" onClick={() => pick(city)}>
                      {language.value === 'he' ? city.he : city.en} <span class="muted">{city.timezone}</span>
                    </button>
                  </li>
                ))}
              </ul>
            ) : null}
          </div>
          <button type="button" class="secondary" onClick={locate}>
            {t('useMyLocation')}
          </button>
          {locating ? (
            <p class="muted" role="status">
              {locating}
            </p>
          ) : null}
          <p class="chosen-city" data-testid="chosen-city">
            {(language.value === 'he' ? v.city : v.cityEn) || v.city || v.cityEn} · {v.latitude}, {v.longitude} · {v.timezone}
          </p>
          <div class="row">
            <TextField
              name="latitude"
              label={t('latitude')}
              value={v.latitude}
              inputMode="decimal"
              dir="ltr"
              onInput={(x) => form.set('latitude', x)}
              error={form.error('latitude')}
            />
            <TextField
              name="longitude"
              label={t('longitude')}
              value={v.longitude}
              inputMode="decimal"
              dir="ltr"
              onInput={(x) => form.set('longitude', x)}
              error={form.error('longitude')}
            />
          </div>
          <TextField
            name="timezone"
            label={t('timezone')}
            value={v.timezone}
            dir="ltr"
            onInput={(x) => form.set('timezone', x)}
            error={form.error('timezone')}
          />
        </fieldset>
        <SelectField
          name="nusach"
          label={t('nusach')}
          value={v.nusach}
          options={[
            { value: 'ashkenaz', label: t('nusachAshkenaz') },
            { value: 'sefard', label: t('nusachSefard') },
            { value: 'edot-hamizrach', label: t('nusachEdot') },
          ]}
          onChange={(x) => form.set('nusach', x)}
          error={form.error('nusach')}
        />
        <SelectField
          name="language"
          label={t('wallLanguage')}
          value={v.language}
          options={[
            { value: 'he', label: 'עברית' },
            { value: 'en', label: 'English' },
            { value: 'he+en', label: 'עברית + English' },
          ]}
          onChange={(x) => form.set('language', x)}
          error={form.error('language')}
        />
        <SelectField
          name="viewingDistance"
          label={t('viewingDistance')}
          hint={t('viewingDistanceHint')}
          value={v.viewingDistance}
          options={[
            { value: 'small-room', label: t('smallRoom') },
            { value: 'hall', label: t('hall') },
            { value: 'large-hall', label: t('largeHall') },
          ]}
          onChange={(x) => form.set('viewingDistance', x)}
          error={form.error('viewingDistance')}
        />
        <CheckField name="israel" label={t('inIsrael')} checked={v.israel} onChange={(x) => form.set('israel', x)} error={form.error('israel')} />
        <CheckField
          name="walledCity"
          label={t('walledCity')}
          checked={v.walledCity}
          onChange={(x) => form.set('walledCity', x)}
          error={form.error('walledCity')}
        />
        <TextField
          name="candleLightingMinutes"
          label={t('candleLightingMinutes')}
          value={v.candleLightingMinutes}
          inputMode="numeric"
          onInput={(x) => form.set('candleLightingMinutes', x)}
          error={form.error('candleLightingMinutes')}
        />
        <SelectField
          name="havdalahRule"
          label={t('havdalahRule')}
          value={v.havdalahRule}
          options={[
            { value: 'degrees', label: t('havdalahDegrees') },
            { value: 'minutes', label: t('havdalahMinutes') },
          ]}
          onChange={(x) => form.set('havdalahRule', x)}
        />
        {v.havdalahRule === 'degrees' ? (
          <TextField
            name="havdalahDegrees"
            label={t('degreesBelow')}
            value={v.havdalahDegrees}
            inputMode="decimal"
            onInput={(x) => form.set('havdalahDegrees', x)}
            error={form.error('havdalahDegrees')}
          />
        ) : (
          <TextField
            name="havdalahMinutes"
            label={t('minutesAfterSunset')}
            value={v.havdalahMinutes}
            inputMode="numeric"
            onInput={(x) => form.set('havdalahMinutes', x)}
            error={form.error('havdalahMinutes')}
          />
        )}
        <CheckField
          name="useElevation"
          label={t('useElevation')}
          checked={v.useElevation}
          onChange={(x) => form.set('useElevation', x)}
          hint={t('useElevationHint')}
        />
        {v.useElevation ? (
          <TextField
            name="elevation"
            label={t('elevation')}
            value={v.elevation}
            inputMode="numeric"
            onInput={(x) => form.set('elevation', x)}
            error={form.error('elevation')}
          />
        ) : null}
        <div class="actions">
          <button type="submit" disabled={form.saving}>
            {t('save')}
          </button>
          {form.saved ? <span role="status">{t('saved')}</span> : null}
        </div>
      </form>
      <PreviewPanel draft={{ settings: previewSettings }} />
    </div>
  );
}
