import { api } from '../api.js';
import { t } from '../i18n.js';
import { FormProblem, TextField } from '../parts/fields.js';
import { useForm } from '../parts/form.js';
import { refresh, setupNeeded, signedIn, type SessionUser } from '../store.js';

/** A standalone screen's first run: the code the wall shows proves the phone is in the room; then the account's email and password. */
export function SetupPage() {
  const form = useForm({ code: '', email: '', password: '' });
  const submit = (event: Event) => {
    event.preventDefault();
    void form.submit(async () => {
      signedIn(await api.post<{ user: SessionUser; csrfToken: string | null }>('/setup', form.values));
      setupNeeded.value = false;
      await refresh();
    });
  };
  return (
    <form class="card narrow" onSubmit={submit} noValidate aria-labelledby="setup-title">
      <h1 id="setup-title">{t('setupTitle')}</h1>
      <p>{t('setupLead')}</p>
      <FormProblem message={form.problem} />
      <TextField
        name="code"
        label={t('setupCode')}
        dir="ltr"
        autocomplete="one-time-code"
        value={form.values.code}
        onInput={(x) => form.set('code', x)}
        error={form.error('code')}
      />
      <TextField
        name="email"
        label={t('email')}
        type="email"
        autocomplete="username"
        dir="ltr"
        value={form.values.email}
        onInput={(x) => form.set('email', x)}
        error={form.error('email')}
      />
      <TextField
        name="password"
        label={t('newPassword')}
        type="password"
        autocomplete="new-password"
        dir="ltr"
        hint={t('passwordHint')}
        value={form.values.password}
        onInput={(x) => form.set('password', x)}
        error={form.error('password')}
      />
      <button type="submit" disabled={form.saving}>
        {t('setupDone')}
      </button>
    </form>
  );
}
