// Environments in promotion order; sre/admin add, edit (position, production) and delete.
import { useState, type FormEvent } from 'react';
import * as api from '../../api';
import type { Environment } from '../../api';
import { ErrorBanner, Field, FormError } from '../../components/Field';
import { useLoad } from '../../hooks/useLoad';
import { useSubmit } from '../../hooks/useSubmit';

export function EnvironmentsSection({ canEdit }: { canEdit: boolean }) {
  const envs = useLoad(() => api.listEnvironments(), 'environments');
  const [editing, setEditing] = useState<Environment | 'new' | null>(null);
  const [error, setError] = useState<Error | null>(null);
  const items = envs.data?.items ?? [];

  async function remove(name: string) {
    if (!window.confirm(`Delete environment ${name}?`)) return;
    setError(null);
    try {
      await api.deleteEnvironment(name);
      envs.reload();
    } catch (e) {
      setError(e as Error);
    }
  }

  return (
    <div className="box" data-testid="environments">
      <div className="box-header box-header-actions">
        <h2>
          Environments <span className="counter">{items.length}</span>
        </h2>
        {canEdit && editing === null ? (
          <button type="button" className="btn btn-sm" onClick={() => setEditing('new')}>
            Add environment
          </button>
        ) : null}
      </div>
      <ErrorBanner error={envs.error ?? error} />
      {editing !== null ? (
        <EnvironmentForm
          initial={editing === 'new' ? null : editing}
          nextPosition={items.reduce((m, e) => Math.max(m, e.position), 0) + 1}
          onCancel={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            envs.reload();
          }}
        />
      ) : null}
      <table className="table">
        <thead>
          <tr>
            <th className="num">Position</th>
            <th>Name</th>
            <th>Production</th>
            <th className="actions" />
          </tr>
        </thead>
        <tbody>
          {items.map((e) => (
            <tr key={e.name} data-name={e.name}>
              <td className="num">{e.position}</td>
              <td className="mono">{e.name}</td>
              <td>
                {e.production ? <span className="label label-production">production</span> : '—'}
              </td>
              <td className="actions nowrap">
                {canEdit ? (
                  <>
                    <button type="button" className="btn btn-sm" onClick={() => setEditing(e)}>
                      Edit
                    </button>{' '}
                    <button
                      type="button"
                      className="btn btn-sm btn-danger"
                      onClick={() => void remove(e.name)}
                    >
                      Delete
                    </button>
                  </>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function EnvironmentForm(props: {
  initial: Environment | null;
  nextPosition: number;
  onSaved: () => void;
  onCancel: () => void;
}) {
  const [name, setName] = useState(props.initial?.name ?? '');
  const [position, setPosition] = useState(String(props.initial?.position ?? props.nextPosition));
  const [production, setProduction] = useState(props.initial?.production ?? false);
  const { busy, error, run } = useSubmit();

  async function submit(e: FormEvent) {
    e.preventDefault();
    await run(async () => {
      await api.putEnvironment(name.trim(), { position: Number(position), production });
      props.onSaved();
    });
  }

  return (
    <form className="inline-form" onSubmit={submit} aria-label="Environment" noValidate>
      <FormError error={error} />
      <div className="form-row">
        <Field name="name" label="Name" error={error}>
          {(p) => (
            <input
              {...p}
              value={name}
              readOnly={!!props.initial}
              onChange={(e) => setName(e.target.value)}
            />
          )}
        </Field>
        <Field name="position" label="Position" error={error} hint="Promotion order, 1 first.">
          {(p) => (
            <input
              {...p}
              type="number"
              value={position}
              onChange={(e) => setPosition(e.target.value)}
            />
          )}
        </Field>
      </div>
      <label className="checkbox-row">
        <input
          type="checkbox"
          checked={production}
          onChange={(e) => setProduction(e.target.checked)}
        />
        Production environment
      </label>
      <div className="inline-row">
        <button type="submit" className="btn btn-primary" disabled={busy}>
          Save
        </button>
        <button type="button" className="btn" onClick={props.onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
