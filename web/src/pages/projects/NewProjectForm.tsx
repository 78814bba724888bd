import { useState, type FormEvent } from 'react';
import * as api from '../../api';
import type { Project, Team } from '../../api';
import { Field, FormError } from '../../components/Field';
import { useSubmit } from '../../hooks/useSubmit';

interface NewProjectFormProps {
  teams: Team[];
  defaultOwner?: string;
  onCreated: (project: Project) => void;
  onCancel: () => void;
}

export function NewProjectForm({ teams, defaultOwner, onCreated, onCancel }: NewProjectFormProps) {
  const [slug, setSlug] = useState('');
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [owner, setOwner] = useState(defaultOwner ?? '');
  const { busy, error, run } = useSubmit();

  async function submit(e: FormEvent) {
    e.preventDefault();
    await run(async () => {
      const project = await api.createProject({
        slug: slug.trim(),
        name: name.trim(),
        description: description.trim() || undefined,
        owner_team: owner,
      });
      onCreated(project);
    });
  }

  return (
    <form className="box form-box" onSubmit={submit} noValidate aria-label="New project">
      <div className="box-header">
        <h3>New project</h3>
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
        <Field name="owner_team" label="Owner team" error={error}>
          {(p) => (
            <select {...p} value={owner} onChange={(e) => setOwner(e.target.value)}>
              <option value="">Choose a team…</option>
              {teams.map((t) => (
                <option key={t.slug} value={t.slug}>
                  {t.name} ({t.slug})
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      <div className="box-footer">
        <button type="submit" className="btn btn-primary" disabled={busy}>
          Create project
        </button>
        <button type="button" className="btn" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
