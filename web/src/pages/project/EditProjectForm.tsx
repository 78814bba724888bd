import { useState, type FormEvent } from 'react';
import * as api from '../../api';
import type { Lifecycle, Project, ProjectChanges, ProjectLink, ProjectNamespace } from '../../api';
import { kLifecycles } from '../../api';
import { Field, FormError } from '../../components/Field';
import { useSubmit } from '../../hooks/useSubmit';
import { useTeamOptions } from '../../hooks/useTeams';
import {
  formatLinks,
  formatList,
  formatNamespaces,
  parseLinks,
  parseList,
  parseNamespaces,
  sameJson,
} from './projectFields';

interface EditProjectFormProps {
  project: Project;
  onSaved: (project: Project) => void;
  onCancel: () => void;
}

interface Draft {
  name: string;
  description: string;
  owner: string;
  lifecycle: string;
  system: string;
  repo_url: string;
  oncall: string;
  tags: string;
  owners: string;
  links: string;
  namespaces: string;
}

function draftOf(p: Project): Draft {
  return {
    name: p.name,
    description: p.description,
    owner: p.owner_team,
    lifecycle: p.lifecycle ?? 'experimental',
    system: p.system ?? '',
    repo_url: p.repo_url ?? '',
    oncall: p.oncall ?? '',
    tags: formatList(p.tags),
    owners: formatList(p.owners),
    links: formatLinks(p.links),
    namespaces: formatNamespaces(p.namespaces),
  };
}

/** The fields of `draft` that differ from `project`, in the API's shape. */
function changesOf(project: Project, d: Draft): ProjectChanges {
  const c: ProjectChanges = {};
  const text = (value: string, old: string | undefined) => value.trim() !== (old ?? '');
  if (text(d.name, project.name)) c.name = d.name.trim();
  if (text(d.description, project.description)) c.description = d.description.trim();
  if (d.owner !== project.owner_team) c.owner_team = d.owner;
  if (d.lifecycle !== (project.lifecycle ?? 'experimental')) c.lifecycle = d.lifecycle as Lifecycle;
  if (text(d.system, project.system)) c.system = d.system.trim();
  if (text(d.repo_url, project.repo_url)) c.repo_url = d.repo_url.trim();
  if (text(d.oncall, project.oncall)) c.oncall = d.oncall.trim();
  const tags = parseList(d.tags);
  if (!sameJson(tags, project.tags ?? [])) c.tags = tags;
  const owners = parseList(d.owners);
  if (!sameJson(owners, project.owners ?? [])) c.owners = owners;
  const icons = new Map((project.links ?? []).map((l) => [l.url, l.icon]));
  const links: ProjectLink[] = parseLinks(d.links).map((l) => ({
    ...l,
    icon: icons.get(l.url) ?? '',
  }));
  if (!sameJson(links, project.links ?? [])) c.links = links;
  const namespaces: ProjectNamespace[] = parseNamespaces(d.namespaces);
  if (!sameJson(namespaces, project.namespaces ?? [])) c.namespaces = namespaces;
  return c;
}

/** Edits the project's fields; sends only what changed. */
export function EditProjectForm({ project, onSaved, onCancel }: EditProjectFormProps) {
  const teams = useTeamOptions();
  const [draft, setDraft] = useState<Draft>(() => draftOf(project));
  const { busy, error, run } = useSubmit();
  const set = (key: keyof Draft) => (e: { target: { value: string } }) =>
    setDraft((d) => ({ ...d, [key]: e.target.value }));

  async function submit(e: FormEvent) {
    e.preventDefault();
    const changes = changesOf(project, draft);
    if (Object.keys(changes).length === 0) return onCancel();
    await run(async () => {
      onSaved(await api.updateProject(project.slug, changes));
    });
  }

  return (
    <form className="box form-box" onSubmit={submit} noValidate aria-label="Edit project">
      <div className="box-body">
        <FormError error={error} />
        <div className="form-row">
          <Field name="name" label="Name" error={error}>
            {(p) => <input {...p} value={draft.name} onChange={set('name')} />}
          </Field>
          <Field name="lifecycle" label="Lifecycle" error={error}>
            {(p) => (
              <select {...p} value={draft.lifecycle} onChange={set('lifecycle')}>
                {kLifecycles.map((l) => (
                  <option key={l} value={l}>
                    {l}
                  </option>
                ))}
              </select>
            )}
          </Field>
        </div>
        <Field name="description" label="Description" error={error}>
          {(p) => <input {...p} value={draft.description} onChange={set('description')} />}
        </Field>
        <div className="form-row">
          <Field name="owner_team" label="Owner team" error={error}>
            {(p) => (
              <select {...p} value={draft.owner} onChange={set('owner')}>
                {teams.some((t) => t.slug === draft.owner) ? null : (
                  <option value={draft.owner}>{draft.owner}</option>
                )}
                {teams.map((t) => (
                  <option key={t.slug} value={t.slug}>
                    {t.name} ({t.slug})
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field
            name="owners"
            label="Additional owners"
            error={error}
            hint="Team slugs, comma-separated."
          >
            {(p) => <input {...p} value={draft.owners} onChange={set('owners')} />}
          </Field>
        </div>
        <div className="form-row">
          <Field name="system" label="System" error={error}>
            {(p) => <input {...p} value={draft.system} onChange={set('system')} />}
          </Field>
          <Field name="oncall" label="On-call" error={error}>
            {(p) => <input {...p} value={draft.oncall} onChange={set('oncall')} />}
          </Field>
        </div>
        <Field name="repo_url" label="Repository URL" error={error}>
          {(p) => <input {...p} value={draft.repo_url} onChange={set('repo_url')} />}
        </Field>
        <Field name="tags" label="Tags" error={error} hint="Comma-separated.">
          {(p) => <input {...p} value={draft.tags} onChange={set('tags')} />}
        </Field>
        <Field
          name="links"
          label="Links"
          error={error}
          hint="One per line: URL, then an optional title."
        >
          {(p) => <textarea {...p} rows={3} value={draft.links} onChange={set('links')} />}
        </Field>
        <Field
          name="namespaces"
          label="Namespaces"
          error={error}
          hint="One per line: namespace, or cluster/namespace."
        >
          {(p) => (
            <textarea {...p} rows={2} value={draft.namespaces} onChange={set('namespaces')} />
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
