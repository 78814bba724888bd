// The form pieces the create and change forms of a resource share: a labelled control that
// shows the server's error when it names the control's field, and the kind's fields.
import type { ReactNode } from 'react';
import type { ApiError } from '../../api';
import { kKindFields, type KindField } from './resourcesUi';

export type Values = Record<string, string>;

/** True when `error` names `field` or one of its parts (spec.partition_key.name). */
export function blames(error: ApiError | null, field: string): boolean {
  return !!error?.field && (error.field === field || error.field.startsWith(field + '.'));
}

/** A labelled control whose error, when the server names its field, shows under it. */
export function Row(props: {
  field: string;
  label: string;
  error: ApiError | null;
  hint?: ReactNode;
  children: (invalid: boolean) => ReactNode;
}) {
  const invalid = blames(props.error, props.field);
  return (
    <div className={invalid ? 'form-group invalid' : 'form-group'} data-field={props.field}>
      <label htmlFor={`field-${props.field}`}>{props.label}</label>
      {props.children(invalid)}
      {invalid ? (
        <p className="field-error" role="alert">
          {props.error!.message}
        </p>
      ) : props.hint ? (
        <p className="note">{props.hint}</p>
      ) : null}
    </div>
  );
}

export function controlClass(invalid: boolean): string {
  return invalid ? 'form-control is-invalid' : 'form-control';
}

/** The spec the form's values ask for: empty fields left to the standard. */
export function specOf(kind: string, values: Values): Record<string, unknown> {
  const spec: Record<string, unknown> = {};
  for (const f of kKindFields[kind] ?? []) {
    const value = (values[f.name] ?? '').trim();
    if (f.type === 'key') {
      if (value) spec[f.name] = { name: value, type: values[`${f.name}.type`] || 'S' };
    } else if (value) {
      spec[f.name] = f.type === 'number' && /^-?\d+$/.test(value) ? Number(value) : value;
    }
  }
  return spec;
}

export function KindFieldControl(props: {
  field: KindField;
  values: Values;
  set: (name: string, value: string) => void;
  invalid: boolean;
}) {
  const { field: f, values, set, invalid } = props;
  const id = `field-spec.${f.name}`;
  if (f.options) {
    return (
      <select
        id={id}
        className={controlClass(invalid)}
        value={values[f.name] ?? ''}
        onChange={(e) => set(f.name, e.target.value)}
      >
        <option value="">(the standard)</option>
        {f.options.map((o) => (
          <option key={o} value={o}>
            {o}
          </option>
        ))}
      </select>
    );
  }
  const input = (
    <input
      id={id}
      className={controlClass(invalid)}
      value={values[f.name] ?? ''}
      placeholder={f.type === 'key' ? 'attribute name' : f.placeholder}
      onChange={(e) => set(f.name, e.target.value)}
    />
  );
  if (f.type !== 'key') return input;
  return (
    <div className="inline-row">
      {input}
      <select
        aria-label={`${f.label} type`}
        className="form-control"
        value={values[`${f.name}.type`] ?? 'S'}
        onChange={(e) => set(`${f.name}.type`, e.target.value)}
      >
        <option value="S">S (string)</option>
        <option value="N">N (number)</option>
        <option value="B">B (binary)</option>
      </select>
    </div>
  );
}
