import type { ReactNode } from "react";
import { errorFor } from "./field-errors.js";
import { fieldId, type Form } from "./use-form.js";

export interface ControlProps {
  id: string;
  name: string;
  "aria-invalid": boolean | undefined;
  "aria-describedby": string | undefined;
}

interface FieldProps {
  name: string;
  label: ReactNode;
  hint?: ReactNode;
  error?: string | undefined;
  optional?: boolean;
  children: (control: ControlProps) => ReactNode;
}

/** Label, control, hint and error, wired for screen readers (the error is announced with the field). */
export function Field({ name, label, hint, error, optional, children }: FieldProps) {
  const id = fieldId(name);
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  return (
    <div className={error ? "field has-error" : "field"}>
      <label htmlFor={id}>
        {label}
        {optional && <span className="optional"> (optional)</span>}
      </label>
      {children({ id, name, "aria-invalid": error ? true : undefined, "aria-describedby": [errorId, hintId].filter(Boolean).join(" ") || undefined })}
      {error && (
        <p className="field-error" id={errorId}>
          {error}
        </p>
      )}
      {hint && (
        <p className="hint" id={hintId}>
          {hint}
        </p>
      )}
    </div>
  );
}

type StringKeys<V> = { [K in keyof V]: V[K] extends string ? K : never }[keyof V] & string;

interface BoundProps<V> {
  form: Form<V>;
  name: StringKeys<V>;
  label: ReactNode;
  hint?: ReactNode;
  optional?: boolean;
}

export function TextField<V>({ form, name, label, hint, optional, type = "text", placeholder, autoComplete, inputMode, readOnly }: BoundProps<V> & {
  type?: "text" | "email" | "password" | "url" | "number" | "datetime-local";
  placeholder?: string;
  autoComplete?: string;
  inputMode?: "text" | "numeric" | "url" | "email";
  readOnly?: boolean;
}) {
  return (
    <Field name={name} label={label} hint={hint} optional={optional} error={errorFor(form.errors, name)}>
      {(control) => (
        <input
          {...control}
          type={type}
          value={form.values[name] as string}
          onChange={(e) => form.set(name, e.target.value as V[typeof name])}
          placeholder={placeholder}
          autoComplete={autoComplete ?? "off"}
          inputMode={inputMode}
          readOnly={readOnly}
          spellCheck={false}
        />
      )}
    </Field>
  );
}

export function TextAreaField<V>({ form, name, label, hint, optional, rows = 3, placeholder, mono }: BoundProps<V> & { rows?: number; placeholder?: string; mono?: boolean }) {
  return (
    <Field name={name} label={label} hint={hint} optional={optional} error={errorFor(form.errors, name)}>
      {(control) => (
        <textarea
          {...control}
          className={mono ? "mono" : undefined}
          rows={rows}
          value={form.values[name] as string}
          onChange={(e) => form.set(name, e.target.value as V[typeof name])}
          placeholder={placeholder}
          spellCheck={!mono}
        />
      )}
    </Field>
  );
}

export function SelectField<V>({ form, name, label, hint, optional, options }: BoundProps<V> & { options: readonly { value: string; label: string }[] }) {
  return (
    <Field name={name} label={label} hint={hint} optional={optional} error={errorFor(form.errors, name)}>
      {(control) => (
        <select {...control} value={form.values[name] as string} onChange={(e) => form.set(name, e.target.value as V[typeof name])}>
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

type BooleanKeys<V> = { [K in keyof V]: V[K] extends boolean ? K : never }[keyof V] & string;

export function CheckboxField<V>({ form, name, label, hint }: { form: Form<V>; name: BooleanKeys<V>; label: ReactNode; hint?: ReactNode }) {
  const id = fieldId(name);
  const error = errorFor(form.errors, name);
  return (
    <div className="field checkbox-field">
      <input
        id={id}
        type="checkbox"
        checked={form.values[name] as boolean}
        onChange={(e) => form.set(name, e.target.checked as V[typeof name])}
        aria-describedby={hint ? `${id}-hint` : undefined}
      />
      <div>
        <label htmlFor={id}>{label}</label>
        {hint && (
          <p className="hint" id={`${id}-hint`}>
            {hint}
          </p>
        )}
        {error && <p className="field-error">{error}</p>}
      </div>
    </div>
  );
}
