import { useCallback, useRef, useState, type FormEvent } from "react";
import type { z } from "zod";
import { ApiError, toApiError } from "../api/api-error.js";
import { apiFieldErrors, firstErrorField, zodFieldErrors, type FieldErrors } from "./field-errors.js";

export interface FormOptions<V, P> {
  initial: V;
  /** The server's schema for this request (from @toolgate/contracts). */
  schema: z.ZodType;
  /** Form values → request body. */
  toPayload: (values: V) => P;
  submit: (payload: P) => Promise<unknown>;
  /** Field names in the order they are rendered (focus goes to the first one at fault). */
  fields: readonly string[];
  /** Maps a payload path to the field that shows it, when they differ. */
  fieldFor?: (path: string) => string;
}

export interface Form<V> {
  values: V;
  set: <K extends keyof V>(name: K, value: V[K]) => void;
  errors: FieldErrors;
  /** An error that names no field (version mismatch, built-in record…). */
  formError: ApiError | undefined;
  submitting: boolean;
  onSubmit: (event?: FormEvent) => Promise<void>;
  reset: (values: V) => void;
}

export const fieldId = (name: string) => `field-${name.replace(/\./g, "-")}`;

/**
 * A form validated with the server's own zod schema before sending, and showing the server's
 * `fields` errors next to the fields they name when it refuses anyway (uniqueness, references…).
 */
export function useForm<V, P>(options: FormOptions<V, P>): Form<V> {
  const [values, setValues] = useState<V>(options.initial);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<ApiError | undefined>();
  const [submitting, setSubmitting] = useState(false);
  const opts = useRef(options);
  opts.current = options;

  const set = useCallback(<K extends keyof V>(name: K, value: V[K]) => {
    setValues((v) => ({ ...v, [name]: value }));
    setErrors((e) => {
      const key = String(name);
      if (!Object.keys(e).some((k) => k === key || k.startsWith(`${key}.`))) return e;
      return Object.fromEntries(Object.entries(e).filter(([k]) => k !== key && !k.startsWith(`${key}.`)));
    });
  }, []);

  const show = (next: FieldErrors) => {
    const { fields, fieldFor } = opts.current;
    const mapped: FieldErrors = {};
    for (const [path, message] of Object.entries(next)) mapped[fieldFor?.(path) ?? path] ??= message;
    setErrors(mapped);
    const first = firstErrorField(mapped, fields);
    if (first) requestAnimationFrame(() => document.getElementById(fieldId(first))?.focus());
    return mapped;
  };

  const onSubmit = async (event?: FormEvent) => {
    event?.preventDefault();
    if (submitting) return;
    const { schema, toPayload, submit, fields } = opts.current;
    setFormError(undefined);
    const payload = toPayload(values);
    const parsed = schema.safeParse(payload);
    if (!parsed.success) {
      const shown = show(zodFieldErrors(parsed.error));
      // An issue no rendered field shows still must not vanish.
      if (!firstErrorField(shown, fields)) setFormError(new ApiError(400, "validation.failed", Object.entries(shown).map(([k, m]) => `${k}: ${m}`).join("; ")));
      return;
    }
    setErrors({});
    setSubmitting(true);
    try {
      await submit(payload);
    } catch (error) {
      const e = toApiError(error);
      const shown = e.fields.length ? show(apiFieldErrors(e.fields)) : {};
      if (!firstErrorField(shown, fields)) setFormError(e);
    } finally {
      setSubmitting(false);
    }
  };

  const reset = useCallback((next: V) => {
    setValues(next);
    setErrors({});
    setFormError(undefined);
  }, []);

  return { values, set, errors, formError, submitting, onSubmit, reset };
}
