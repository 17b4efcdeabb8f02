/**
 * Accessible form building blocks: every control has a label, errors are tied to their field with
 * aria-describedby and announced (role="alert"), and hints stay readable next to the input.
 */
import type { InputHTMLAttributes, ReactNode, SelectHTMLAttributes } from "react";
import { translateError, useT } from "~/i18n/i18n";

export function ErrorList({ id, errors }: { id?: string; errors?: string[] | null }) {
  const t = useT();
  const list = errors?.filter(Boolean) ?? [];
  if (list.length === 0) return null;
  return (
    <div id={id} role="alert" className="field__error">
      {list.map((error) => (
        <p key={error} className="field__error">
          {translateError(t, error)}
        </p>
      ))}
    </div>
  );
}

/** Conform's getInputProps also returns a React `key`; it is accepted here and not spread. */
type InputProps = InputHTMLAttributes<HTMLInputElement> & { id: string; name: string; key?: string };

export function Field({
  label,
  hint,
  errors,
  inputProps,
}: {
  label: ReactNode;
  hint?: ReactNode;
  errors?: string[] | null;
  inputProps: InputProps;
}) {
  const { key: _key, ...props } = inputProps;
  const hintId = hint ? `${inputProps.id}-hint` : undefined;
  const errorId = errors?.length ? `${inputProps.id}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(" ") || undefined;
  return (
    <div className="field">
      <label htmlFor={inputProps.id}>{label}</label>
      {hint ? (
        <p id={hintId} className="field__hint">
          {hint}
        </p>
      ) : null}
      <input {...props} aria-invalid={errorId ? true : undefined} aria-describedby={describedBy} />
      <ErrorList id={errorId} errors={errors} />
    </div>
  );
}

type SelectProps = SelectHTMLAttributes<HTMLSelectElement> & { id: string; name: string; key?: string };

export function SelectField({
  label,
  errors,
  selectProps,
  children,
}: {
  label: ReactNode;
  errors?: string[] | null;
  selectProps: SelectProps;
  children: ReactNode;
}) {
  const { key: _key, ...props } = selectProps;
  const errorId = errors?.length ? `${selectProps.id}-error` : undefined;
  return (
    <div className="field">
      <label htmlFor={selectProps.id}>{label}</label>
      <select {...props} aria-invalid={errorId ? true : undefined} aria-describedby={errorId}>
        {children}
      </select>
      <ErrorList id={errorId} errors={errors} />
    </div>
  );
}

/** Form-level errors (not tied to one field), shown above the form. */
export function FormErrors({ id, errors }: { id: string; errors?: string[] | null }) {
  const t = useT();
  const list = errors?.filter(Boolean) ?? [];
  if (list.length === 0) return null;
  return (
    <div id={id} className="alert alert--error" role="alert">
      {list.map((error) => (
        <p key={error}>{translateError(t, error)}</p>
      ))}
    </div>
  );
}
