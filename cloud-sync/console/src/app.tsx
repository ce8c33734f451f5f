import type { FunctionComponent } from 'preact';
import { useEffect } from 'preact/hooks';
import { actingAs, everything, signedOut } from './api.js';
import { language, t, type WordKey } from './i18n.js';
import { AuditPage } from './pages/audit.js';
import { MessagesPage, ShiurimPage, SlidesPage, TorahPage, YahrzeitsPage } from './pages/content-pages.js';
import { PrayerTimesPage } from './pages/prayer-times.js';
import { ReleasesPage } from './pages/releases.js';
import { ScreensPage } from './pages/screens.js';
import { SetupPage } from './pages/setup.js';
import { SignInPage } from './pages/sign-in.js';
import { SynagoguePage } from './pages/synagogue.js';
import { go, route } from './router.js';
import { boot, chosenSynagogueId, loading, refresh, setupNeeded, signOut, synagogue, synagogues, user } from './store.js';
import { signal } from '@preact/signals';

const PAGES: { path: string; word: WordKey; page: FunctionComponent }[] = [
  { path: '/', word: 'navSynagogue', page: SynagoguePage },
  { path: '/prayer-times', word: 'navPrayerTimes', page: PrayerTimesPage },
  { path: '/messages', word: 'navMessages', page: MessagesPage },
  { path: '/yahrzeits', word: 'navYahrzeits', page: YahrzeitsPage },
  { path: '/shiurim', word: 'navShiurim', page: ShiurimPage },
  { path: '/torah-honors', word: 'navTorah', page: TorahPage },
  { path: '/slides', word: 'navSlides', page: SlidesPage },
  { path: '/screens', word: 'navScreens', page: ScreensPage },
  { path: '/releases', word: 'navReleases', page: ReleasesPage },
  { path: '/audit', word: 'navAudit', page: AuditPage },
];

const customers = signal<{ id: string; email: string }[]>([]);

function LanguageSwitch() {
  return (
    <button type="button" class="link" lang={language.value === 'he' ? 'en' : 'he'} onClick={() => (language.value = language.value === 'he' ? 'en' : 'he')}>
      {language.value === 'he' ? 'English' : 'עברית'}
    </button>
  );
}

/** An admin picks the customer to act for (x-customer-context); a gabbai never sees this. */
function ActingAs() {
  useEffect(
    () => void everything<{ id: string; email: string; role: string }>('/users').then((all) => (customers.value = all.filter((u) => u.role === 'customer'))),
    [],
  );
  return (
    <div class="acting-as">
      <label for="acting-as">{t('actingAs')}</label>
      <select
        id="acting-as"
        value={actingAs.value ?? ''}
        onChange={(e) => {
          actingAs.value = (e.target as HTMLSelectElement).value || null;
          void refresh();
        }}
      >
        <option value="">{t('nobody')}</option>
        {customers.value.map((c) => (
          <option key={c.id} value={c.id}>
            {c.email}
          </option>
        ))}
      </select>
    </div>
  );
}

export function App() {
  useEffect(() => void boot(), []);
  const page = PAGES.find((p) => p.path === route.value) ?? PAGES[0]!;
  const needsSetup = setupNeeded.value === true;
  const signed = user.value && !signedOut.value;
  useEffect(() => {
    document.title = signed ? `${t(page.word)} · Luach` : 'Luach';
  }, [signed, page.word, language.value]);
  const Page = page.page;
  return (
    <>
      <a class="skip" href="#main">
        {t('skipToContent')}
      </a>
      <header class="top">
        <span class="brand" aria-hidden="true">
          Luach
        </span>
        {signed && synagogues.value.length > 1 ? (
          <select
            aria-label={t('synagogueTitle')}
            value={synagogue.value?.id}
            onChange={(e) => (chosenSynagogueId.value = (e.target as HTMLSelectElement).value)}
          >
            {synagogues.value.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        ) : (
          <span class="shul-name" dir="auto">
            {signed ? (synagogue.value?.name ?? '') : ''}
          </span>
        )}
        <LanguageSwitch />
        {signed ? (
          <button type="button" class="link" onClick={() => void signOut()}>
            {t('signOut')}
          </button>
        ) : null}
      </header>
      {signed ? (
        <nav class="pages" aria-label={t('pages')}>
          <ul>
            {PAGES.map((p) => (
              <li key={p.path}>
                <a
                  href={p.path}
                  aria-current={p === page ? 'page' : undefined}
                  onClick={(event) => {
                    event.preventDefault();
                    go(p.path);
                  }}
                >
                  {t(p.word)}
                </a>
              </li>
            ))}
          </ul>
        </nav>
      ) : null}
      <main id="main" tabIndex={-1}>
        {signed && user.value?.role === 'admin' ? <ActingAs /> : null}
        {loading.value ? <p role="status">{t('loading')}</p> : needsSetup && !signed ? <SetupPage /> : signed ? <Page key={page.path} /> : <SignInPage />}
      </main>
    </>
  );
}
