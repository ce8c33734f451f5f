import type { ComponentChildren } from 'preact';
import { useId } from 'preact/hooks';

interface Base {
  label: string;
  /** The gateway's word on this field, shown under it and read with it. */
  error?: string | undefined;
  hint?: string;
  name: string;
}

function Described(props: Base & { id: string; children: ComponentChildren; inline?: boolean }) {
  return (
    <div class={`field${props.inline ? ' field-inline' : ''}${props.error ? ' field-invalid' : ''}`}>
      {props.inline ? null : <label for={props.id}>{props.label}</label>}
      {props.children}
      {props.inline ? <label for={props.id}>{props.label}</label> : null}
      {props.hint ? (
        <p class="hint" id={`${props.id}-hint`}>
          {props.hint}
        </p>
      ) : null}
      {props.error ? (
        <p class="field-error" id={`${props.id}-error`} data-field={props.name}>
          {props.error}
        </p>
      ) : null}
    </div>
  );
}

function describedBy(id: string, props: Base): string | undefined {
  return [props.hint ? `${id}-hint` : '', props.error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
}

export function TextField(
  props: Base & {
    value: string;
    onInput(value: string): void;
    type?: string;
    dir?: 'ltr' | 'rtl' | 'auto';
    autocomplete?: string;
    required?: boolean;
    inputMode?: string;
  },
) {
  const id = useId();
  return (
    <Described {...props} id={id}>
      <input
        id={id}
        name={props.name}
        type={props.type ?? 'text'}
        value={props.value}
        dir={props.dir ?? 'auto'}
        autocomplete={props.autocomplete}
        required={props.required}
        inputMode={props.inputMode as never}
        aria-invalid={props.error ? 'true' : undefined}
        aria-describedby={describedBy(id, props)}
        onInput={(e) => props.onInput((e.target as HTMLInputElement).value)}
      />
    </Described>
  );
}

export function TextArea(props: Base & { value: string; onInput(value: string): void; rows?: number }) {
  const id = useId();
  return (
    <Described {...props} id={id}>
      <textarea
        id={id}
        name={props.name}
        rows={props.rows ?? 3}
        dir="auto"
        value={props.value}
        aria-invalid={props.error ? 'true' : undefined}
        aria-describedby={describedBy(id, props)}
        onInput={(e) => props.onInput((e.target as HTMLTextAreaElement).value)}
      />
    </Described>
  );
}

export function SelectField<T extends string>(props: Base & { value: T; options: readonly { value: T; label: string }[]; onChange(value: T): void }) {
  const id = useId();
  return (
    <Described {...props} id={id}>
      <select
        id={id}
        name={props.name}
        value={props.value}
        aria-invalid={props.error ? 'true' : undefined}
        aria-describedby={describedBy(id, props)}
        onChange={(e) => props.onChange((e.target as HTMLSelectElement).value as T)}
      >
        {props.options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </Described>
  );
}

export function CheckField(props: Base & { checked: boolean; onChange(checked: boolean): void }) {
  const id = useId();
  return (
    <Described {...props} id={id} inline>
      <input
        id={id}
        name={props.name}
        type="checkbox"
        checked={props.checked}
        aria-invalid={props.error ? 'true' : undefined}
        aria-describedby={describedBy(id, props)}
        onChange={(e) => props.onChange((e.target as HTMLInputElement).checked)}
      />
    </Described>
  );
}

/** Which days, as a row of checkboxes in a fieldset (Sunday first, as the Hebrew week). */
export function DaysField(props: { legend: string; names: readonly string[]; value: number[]; onChange(days: number[]): void; error?: string | undefined }) {
  return (
    <fieldset class={`days${props.error ? ' field-invalid' : ''}`}>
      <legend>{props.legend}</legend>
      {props.names.map((name, day) => (
        <label key={day} class="day">
          <input
            type="checkbox"
            checked={props.value.includes(day)}
            onChange={(e) => props.onChange((e.target as HTMLInputElement).checked ? [...props.value, day].sort() : props.value.filter((d) => d !== day))}
          />
          {name}
        </label>
      ))}
      {props.error ? <p class="field-error">{props.error}</p> : null}
    </fieldset>
  );
}

/** What the gateway said about the whole form, read out as it appears. */
export function FormProblem(props: { message: string | null }) {
  return props.message ? (
    <p class="form-problem" role="alert">
      {props.message}
    </p>
  ) : null;
}
