// Changes a ready resource's fields in place (PATCH): the kind's fields as they are now, sent
// only when changed. What the kind fixes at creation is refused by the server, next to its field.
import { useState, type FormEvent } from 'react';
import * as api from '../../api';
import type { Resource, UpdateResourceBody } from '../../api';
import { FormError } from '../../components/Field';
import { useSubmit } from '../../hooks/useSubmit';
import { kKindFields } from './resourcesUi';
import { KindFieldControl, Row, specOf, type Values } from './specFields';

/** The form's values for the resource's current fields (effective values, as text). */
function currentValues(resource: Resource): Values {
  const values: Values = {};
  for (const f of kKindFields[resource.kind] ?? []) {
    const v = resource.effective?.[f.name]?.value;
    if (v === undefined || v === null) continue;
    if (f.type === 'key' && typeof v === 'object') {
      const key = v as { name?: string; type?: string };
      values[f.name] = key.name ?? '';
      values[`${f.name}.type`] = key.type ?? 'S';
    } else {
      values[f.name] = String(v);
    }
  }
  return values;
}

export function ChangeForm({
  resource,
  onDone,
}: {
  resource: Resource;
  onDone: (r: Resource) => void;
}) {
  const [open, setOpen] = useState(false);
  const [values, setValues] = useState<Values>(() => currentValues(resource));
  const submit = useSubmit();
  if (!open) {
    return (
      <button
        className="btn"
        onClick={() => {
          setValues(currentValues(resource));
          setOpen(true);
        }}
        data-testid="change-resource"
      >
        Change settings
      </button>
    );
  }
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const before = specOf(resource.kind, currentValues(resource));
    const after = specOf(resource.kind, values);
    const changed: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(after)) {
      if (JSON.stringify(before[k]) !== JSON.stringify(v)) changed[k] = v;
    }
    void submit.run(async () => {
      // A free-form map in the contract; the server checks each field.
      const spec = changed as UpdateResourceBody['spec'];
      onDone(await api.changeResource(resource.id, { spec }));
      setOpen(false);
    });
  };
  const error = submit.error;
  return (
    <form className="box form-box" onSubmit={onSubmit} data-testid="change-form">
      <div className="box-body">
        <FormError error={error} />
        {(kKindFields[resource.kind] ?? []).map((f) => (
          <Row key={f.name} field={`spec.${f.name}`} label={f.label} error={error}>
            {(invalid) => (
              <KindFieldControl
                field={f}
                values={values}
                set={(name, value) => setValues((v) => ({ ...v, [name]: value }))}
                invalid={invalid}
              />
            )}
          </Row>
        ))}
        <button
          type="submit"
          className="btn btn-primary"
          disabled={submit.busy}
          data-testid="confirm-change"
        >
          Apply
        </button>{' '}
        <button type="button" className="btn" onClick={() => setOpen(false)}>
          Cancel
        </button>
      </div>
    </form>
  );
}
