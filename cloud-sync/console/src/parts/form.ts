import { useState } from 'preact/hooks';
import { ApiFailure } from '../api.js';
import { t } from '../i18n.js';

/**
 * A form's values, the gateway's word on each field, and the saving. Nothing is checked here
 * that the gateway checks: it answers with one message per field (the same schemas a device
 * parses with), and each lands beside its input; a refused form saves nothing.
 */
export function useForm<T extends Record<string, unknown>>(initial: T) {
  const [values, setValues] = useState<T>(initial);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [problem, setProblem] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState(false);

  return {
    values,
    errors,
    problem,
    saving,
    saved,
    reset(next: T) {
      setValues(next);
      setErrors({});
      setProblem(null);
      setSaved(false);
    },
    set<K extends keyof T>(key: K, value: T[K]) {
      setValues((old) => ({ ...old, [key]: value }));
      setSaved(false);
    },
    /** The message for a field, matched by its path or its path's last parts ("time.time", "time"). */
    error(...paths: string[]): string | undefined {
      for (const path of paths) {
        const exact = errors[path];
        if (exact) return exact;
        const found = Object.entries(errors).find(([key]) => key.endsWith(`.${path}`) || key.startsWith(`${path}.`));
        if (found) return found[1];
      }
      return undefined;
    },
    async submit(save: () => Promise<unknown>): Promise<boolean> {
      setSaving(true);
      setProblem(null);
      setErrors({});
      try {
        await save();
        setSaved(true);
        return true;
      } catch (error) {
        if (error instanceof ApiFailure) {
          setErrors(error.fields);
          setProblem(Object.keys(error.fields).length ? t('formRefused') : error.message);
        } else setProblem(String(error));
        return false;
      } finally {
        setSaving(false);
      }
    },
  };
}
export type Form<T extends Record<string, unknown>> = ReturnType<typeof useForm<T>>;
