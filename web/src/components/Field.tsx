import type { ReactNode } from 'react';
import type { ApiError } from '../api';

interface FieldProps {
  /** The API field name; the input is highlighted when the error names it. */
  name: string;
  label: string;
  error?: ApiError | null;
  hint?: string;
  children: (props: { id: string; name: string; invalid: boolean; className: string }) => ReactNode;
}

/** A labelled form control whose input turns red when the API blames it. */
export function Field({ name, label, error, hint, children }: FieldProps) {
  const id = `field-${name}`;
  const invalid = !!error && error.field === name;
  return (
    <div className={invalid ? 'form-group invalid' : 'form-group'}>
      <label htmlFor={id}>{label}</label>
      {children({
        id,
        name,
        invalid,
        className: invalid ? 'form-control is-invalid' : 'form-control',
      })}
      {invalid ? (
        <p className="field-error" role="alert">
          {error!.message}
        </p>
      ) : hint ? (
        <p className="note">{hint}</p>
      ) : null}
    </div>
  );
}

/** An error banner for an API error that does not blame one field. */
export function FormError({ error }: { error?: ApiError | Error | null }) {
  if (!error) return null;
  if ('field' in error && error.field) return null;
  return (
    <div className="flash flash-error" role="alert">
      {error.message}
    </div>
  );
}

/** An error banner for any failure (loading a page, an action). */
export function ErrorBanner({ error }: { error?: Error | null }) {
  if (!error) return null;
  return (
    <div className="flash flash-error" role="alert">
      {error.message}
    </div>
  );
}
