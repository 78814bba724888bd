import { useState, type FormEvent } from 'react';
import * as api from '../../api';
import type { Team } from '../../api';
import { Field, FormError } from '../../components/Field';
import { useSubmit } from '../../hooks/useSubmit';

interface NewTeamFormProps {
  onCreated: (team: Team) => void;
  onCancel: () => void;
}

export function NewTeamForm({ onCreated, onCancel }: NewTeamFormProps) {
  const [slug, setSlug] = useState('');
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [chat, setChat] = useState('');
  const { busy, error, run } = useSubmit();

  async function submit(e: FormEvent) {
    e.preventDefault();
    await run(async () => {
      const team = await api.createTeam({
        slug: slug.trim(),
        name: name.trim(),
        description: description.trim() || undefined,
        chat_channel: chat.trim() || undefined,
      });
      onCreated(team);
    });
  }

  return (
    <form className="box form-box" onSubmit={submit} noValidate aria-label="New team">
      <div className="box-header">
        <h3>New team</h3>
      </div>
      <div className="box-body">
        <FormError error={error} />
        <div className="form-row">
          <Field
            name="slug"
            label="Slug"
            error={error}
            hint="Lowercase letters, digits and dashes."
          >
            {(p) => (
              <input {...p} value={slug} onChange={(e) => setSlug(e.target.value)} autoFocus />
            )}
          </Field>
          <Field name="name" label="Name" error={error}>
            {(p) => <input {...p} value={name} onChange={(e) => setName(e.target.value)} />}
          </Field>
        </div>
        <Field name="description" label="Description (optional)" error={error}>
          {(p) => (
            <input {...p} value={description} onChange={(e) => setDescription(e.target.value)} />
          )}
        </Field>
        <Field name="chat_channel" label="Chat channel (optional)" error={error}>
          {(p) => (
            <input
              {...p}
              value={chat}
              placeholder="#team-channel"
              onChange={(e) => setChat(e.target.value)}
            />
          )}
        </Field>
      </div>
      <div className="box-footer">
        <button type="submit" className="btn btn-primary" disabled={busy}>
          Create team
        </button>
        <button type="button" className="btn" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
