import { useState, type FormEvent } from 'react';
import * as api from '../../api';
import { Field, FormError } from '../../components/Field';
import { useSubmit } from '../../hooks/useSubmit';
import { useTeamOptions } from '../../hooks/useTeams';

interface TransferFormProps {
  slug: string;
  currentOwner: string;
  onDone: () => void;
  onCancel: () => void;
}

/** Hands the project to another team, with the reason recorded in its ownership history. */
export function TransferForm({ slug, currentOwner, onDone, onCancel }: TransferFormProps) {
  const teams = useTeamOptions().filter((t) => t.slug !== currentOwner && t.status !== 'dissolved');
  const [to, setTo] = useState('');
  const [reason, setReason] = useState('');
  const { busy, error, run } = useSubmit();

  async function submit(e: FormEvent) {
    e.preventDefault();
    await run(async () => {
      await api.transferProject(slug, { to_team: to, reason: reason.trim() });
      onDone();
    });
  }

  return (
    <form className="inline-form" onSubmit={submit} noValidate aria-label="Transfer project">
      <FormError error={error} />
      <Field name="to_team" label="New owner team" error={error}>
        {(p) => (
          <select {...p} value={to} onChange={(e) => setTo(e.target.value)}>
            <option value="">Choose a team…</option>
            {teams.map((t) => (
              <option key={t.slug} value={t.slug}>
                {t.name} ({t.slug})
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field name="reason" label="Reason" error={error}>
        {(p) => (
          <textarea {...p} rows={2} value={reason} onChange={(e) => setReason(e.target.value)} />
        )}
      </Field>
      <div className="inline-row">
        <button type="submit" className="btn btn-primary" disabled={busy || !to}>
          Transfer
        </button>
        <button type="button" className="btn" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
