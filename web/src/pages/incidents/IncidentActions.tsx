// An incident's follow-up actions: owner (a user or a team), due day, done; a form adds one.
import { useState, type FormEvent } from 'react';
import * as api from '../../api';
import type { Incident } from '../../api';
import { Field, FormError } from '../../components/Field';
import { Time } from '../../components/Time';
import { useSubmit } from '../../hooks/useSubmit';

interface Props {
  incident: Incident;
  editable: boolean;
  onChanged: (incident: Incident) => void;
}

function AddActionForm({ incident, onChanged }: Omit<Props, 'editable'>) {
  const [title, setTitle] = useState('');
  const [owner, setOwner] = useState('');
  const [ownerIsTeam, setOwnerIsTeam] = useState(false);
  const [due, setDue] = useState('');
  const { busy, error, run } = useSubmit();
  async function submit(e: FormEvent) {
    e.preventDefault();
    await run(async () => {
      const who = ownerIsTeam ? { owner_team: owner.trim() } : { owner: owner.trim() };
      onChanged(await api.addIncidentAction(incident.id, { title, due, ...who }));
      setTitle('');
      setOwner('');
      setDue('');
    });
  }
  return (
    <form className="box-footer" onSubmit={submit} noValidate aria-label="Add action">
      <Field name="title" label="Action" error={error}>
        {(p) => <input {...p} value={title} onChange={(e) => setTitle(e.target.value)} />}
      </Field>
      <Field name={ownerIsTeam ? 'owner_team' : 'owner'} label="Owner" error={error}>
        {(p) => (
          <input
            {...p}
            placeholder={ownerIsTeam ? 'team slug' : 'login'}
            value={owner}
            onChange={(e) => setOwner(e.target.value)}
          />
        )}
      </Field>
      <label className="small">
        <input
          type="checkbox"
          checked={ownerIsTeam}
          onChange={(e) => setOwnerIsTeam(e.target.checked)}
        />{' '}
        owned by a team
      </label>
      <Field name="due" label="Due (YYYY-MM-DD)" error={error}>
        {(p) => (
          <input
            {...p}
            placeholder="2026-12-20"
            value={due}
            onChange={(e) => setDue(e.target.value)}
          />
        )}
      </Field>
      <FormError error={error} />
      <button type="submit" className="btn" disabled={busy || !title.trim()}>
        Add action
      </button>
    </form>
  );
}

export function IncidentActions({ incident, editable, onChanged }: Props) {
  const { busy, error, run } = useSubmit();
  const setState = (number: number, state: 'open' | 'done') =>
    run(async () => onChanged(await api.patchIncidentAction(incident.id, number, { state })));
  return (
    <section className="box" data-testid="incident-actions">
      <div className="box-header">
        <strong>Actions</strong>
      </div>
      <table className="table">
        <thead>
          <tr>
            <th>#</th>
            <th>Action</th>
            <th>Owner</th>
            <th>Due</th>
            <th>State</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {incident.actions.map((a) => (
            <tr key={a.number} data-testid="incident-action-row">
              <td>{a.number}</td>
              <td>{a.title}</td>
              <td>{a.owner_kind === 'team' ? `team ${a.owner}` : a.owner}</td>
              <td className="nowrap">{a.due}</td>
              <td>
                {a.state}
                {a.done_at ? (
                  <span className="muted small">
                    {' '}
                    <Time value={a.done_at} />
                  </span>
                ) : null}
              </td>
              <td>
                {editable ? (
                  <button
                    type="button"
                    className="btn btn-sm"
                    disabled={busy}
                    onClick={() => void setState(a.number, a.state === 'done' ? 'open' : 'done')}
                  >
                    {a.state === 'done' ? 'Reopen' : 'Done'}
                  </button>
                ) : null}
              </td>
            </tr>
          ))}
          {incident.actions.length === 0 ? (
            <tr>
              <td colSpan={6} className="muted">
                No actions yet.
              </td>
            </tr>
          ) : null}
        </tbody>
      </table>
      <FormError error={error} />
      {editable ? <AddActionForm incident={incident} onChanged={onChanged} /> : null}
    </section>
  );
}
