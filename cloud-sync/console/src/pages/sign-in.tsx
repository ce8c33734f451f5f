import { api } from '../api.js';
import { t } from '../i18n.js';
import { FormProblem, TextField } from '../parts/fields.js';
import { useForm } from '../parts/form.js';
import { refresh, signedIn, type SessionUser } from '../store.js';

export function SignInPage() {
  const form = useForm({ email: '', password: '' });
  const submit = (event: Event) => {
    event.preventDefault();
    void form.submit(async () => {
      signedIn(await api.post<{ user: SessionUser; csrfToken: string | null }>('/session', form.values));
      await refresh();
    });
  };
  return (
    <form class="card narrow" onSubmit={submit} noValidate aria-labelledby="sign-in-title">
      <h1 id="sign-in-title">{t('signInTitle')}</h1>
      <FormProblem message={form.problem} />
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
        label={t('password')}
        type="password"
        autocomplete="current-password"
        dir="ltr"
        value={form.values.password}
        onInput={(x) => form.set('password', x)}
        error={form.error('password')}
      />
      <button type="submit" disabled={form.saving}>
        {t('signIn')}
      </button>
    </form>
  );
}
