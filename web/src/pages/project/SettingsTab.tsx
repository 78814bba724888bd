// The Settings tab: which clusters the project deploys to (its targets), grouped by
// environment. Adding a production cluster in another region is how a project goes global.
import { useState, type FormEvent } from 'react';
import { Link } from 'react-router-dom';
import * as api from '../../api';
import type { ApiError, Project } from '../../api';
import { ErrorBanner, FormError } from '../../components/Field';
import { canCreateProjects, useSession } from '../../session';
import { usePlatform } from './deployShared';

export function SettingsTab({ project }: { project: Project }) {
  const slug = project.slug;
  const { user } = useSession();
  const canEdit = canCreateProjects(user);
  const platform = usePlatform(slug);
  const [chosen, setChosen] = useState<Set<string>>(new Set());
  const [error, setError] = useState<ApiError | null>(null);
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);
  const targetsKey = platform.targets.join(',');

  // The saved targets, again whenever they change on the server.
  const [chosenFor, setChosenFor] = useState<string | null>(null);
  if (chosenFor !== targetsKey) {
    setChosenFor(targetsKey);
    setChosen(new Set(platform.targets));
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setSaved(false);
    try {
      const names = platform.clusters.map((c) => c.name).filter((n) => chosen.has(n));
      await api.putProjectTargets(slug, names);
      platform.reloadTargets();
      setSaved(true);
    } catch (err) {
      setError(err as ApiError);
    } finally {
      setBusy(false);
    }
  }

  const toggle = (name: string) =>
    setChosen((old) => {
      const next = new Set(old);
      if (next.has(name)) next.delete(name);
      else next.add(name);
      return next;
    });

  const known = new Set(platform.environments.map((e) => e.name));
  const groups = [
    ...platform.environments.map((e) => ({ env: e.name, production: e.production })),
    ...[...new Set(platform.clusters.map((c) => c.environment))]
      .filter((env) => !known.has(env))
      .map((env) => ({ env, production: false })),
  ];

  return (
    <form className="box form-box" onSubmit={submit} aria-label="Deploy targets">
      <div className="box-header">
        <h2>Deploy targets</h2>
        <p className="note">
          The clusters this project deploys to. Clusters are managed on the{' '}
          <Link to="/platform?tab=clusters">Platform</Link> page.
        </p>
      </div>
      <div className="box-body">
        <ErrorBanner error={platform.error} />
        <FormError error={error} />
        {saved ? (
          <div className="flash flash-success" role="status" data-testid="targets-saved">
            Targets saved.
          </div>
        ) : null}
        {platform.loading ? <div className="muted">Loading…</div> : null}
        {groups.map((g) => {
          const clusters = platform.clusters.filter((c) => c.environment === g.env);
          return (
            <fieldset key={g.env} className="target-group" data-env={g.env}>
              <legend>
                {g.env}
                {g.production ? <span className="label label-production">production</span> : null}
              </legend>
              {clusters.length === 0 ? <div className="muted small">No clusters.</div> : null}
              {clusters.map((c) => (
                <label key={c.name} className="checkbox-row">
                  <input
                    type="checkbox"
                    name="cluster"
                    value={c.name}
                    data-cluster={c.name}
                    checked={chosen.has(c.name)}
                    disabled={!canEdit}
                    onChange={() => toggle(c.name)}
                  />
                  <span className="mono">{c.name}</span>
                  <span className="muted small">
                    {[c.region, c.runtime, c.mesh].filter(Boolean).join(' · ')}
                  </span>
                </label>
              ))}
            </fieldset>
          );
        })}
      </div>
      {canEdit ? (
        <div className="box-footer">
          <button type="submit" className="btn btn-primary" disabled={busy}>
            Save targets
          </button>
        </div>
      ) : null}
    </form>
  );
}
