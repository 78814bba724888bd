import { useState, type FormEvent } from 'react';
import * as api from '../../api/client';
import type { ApiError, Project } from '../../api/client';
import { Field, FormError } from '../../components/Field';
import { useTeamOptions } from '../../hooks/useTeams';

interface EditProjectFormProps {
  project: Project;
  onSaved: (project: Project) => void;
  onCancel: () => void;
}

/** Edits name, description and owner team; sends only what changed. */
export function EditProjectForm({ project, onSaved, onCancel }: EditProjectFormProps) {
  const teams = useTeamOptions();
  const [name, setName] = useState(project.name);
  const [description, setDescription] = useState(project.description);
  const [owner, setOwner] = useState(project.owner_team);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const changes: { name?: string; description?: string; owner_team?: string } = {};
    if (name.trim() !== project.name) changes.name = name.trim();
    if (description.trim() !== project.description) changes.description = description.trim();
    if (owner !== project.owner_team) changes.owner_team = owner;
    if (Object.keys(changes).length === 0) return onCancel();
    setBusy(true);
    setError(null);
    try {
      onSaved(await api.updateProject(project.slug, changes));
    } catch (err) {
      setError(err as ApiError);
      setBusy(false);
    }
  }

  return (
    <form className="box form-box" onSubmit={submit} noValidate aria-label="Edit project">
      <div className="box-body">
        <FormError error={error} />
        <Field name="name" label="Name" error={error}>
          {(p) => <input {...p} value={name} onChange={(e) => setName(e.target.value)} />}
        </Field>
        <Field name="description" label="Description" error={error}>
          {(p) => (
            <input {...p} value={description} onChange={(e) => setDescription(e.target.value)} />
          )}
        </Field>
        <Field name="owner_team" label="Owner team" error={error}>
          {(p) => (
            <select {...p} value={owner} onChange={(e) => setOwner(e.target.value)}>
              {teams.some((t) => t.slug === owner) ? null : <option value={owner}>{owner}</option>}
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
          Save
        </button>
        <button type="button" className="btn" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
