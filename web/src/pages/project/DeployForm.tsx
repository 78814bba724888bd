// The deploy form of the Deployments tab: an artifact (by digest), an environment, its clusters
// (or every target), a reason, automatic rollback and optional waves.
import { useEffect, useMemo, useState, type FormEvent } from 'react';
import * as api from '../../api';
import type { Artifact, Deployment } from '../../api';
import { FormError } from '../../components/Field';
import { useLoad } from '../../hooks/useLoad';
import { useSubmit } from '../../hooks/useSubmit';
import { shortDigest } from '../deployments/deployUi';
import { clustersOf, EnvPicker, firstEnv, usePlatform } from './deployShared';

/** "c1; c2, c3" → [["c1"], ["c2", "c3"]]; empty text → undefined. */
export function parseWaves(text: string): string[][] | undefined {
  const waves = text
    .split(';')
    .map((w) =>
      w
        .split(',')
        .map((c) => c.trim())
        .filter(Boolean),
    )
    .filter((w) => w.length > 0);
  return waves.length > 0 ? waves : undefined;
}

function artifactLabel(a: Artifact): string {
  const sha = a.git_sha ? ` · ${a.git_sha.slice(0, 8)}` : '';
  const envs = Object.entries(a.environments ?? {})
    .map(([env, state]) => `${env}: ${state}`)
    .join(', ');
  return `${shortDigest(a.digest)}${sha}${envs ? ` (${envs})` : ''}`;
}

interface Props {
  slug: string;
  /** Bumped by the parent when artifacts may have changed (events). */
  refreshKey: number;
  onDeployed: (deployments: Deployment[]) => void;
}

export function DeployForm({ slug, refreshKey, onDeployed }: Props) {
  const platform = usePlatform(slug);
  const artifacts = useLoad(() => api.listArtifacts(slug, { limit: 50 }), `artifacts:${slug}`);
  const [artifact, setArtifact] = useState('');
  const [env, setEnv] = useState('');
  const [all, setAll] = useState(false);
  const [chosen, setChosen] = useState<Set<string>>(new Set());
  const [reason, setReason] = useState('');
  const [autoRollback, setAutoRollback] = useState(false);
  const [waves, setWaves] = useState('');
  const { busy, error, run } = useSubmit();

  const reloadArtifacts = artifacts.reload;
  useEffect(() => {
    if (refreshKey > 0) reloadArtifacts();
  }, [refreshKey, reloadArtifacts]);
  useEffect(() => {
    if (!env && platform.environments.length > 0) setEnv(firstEnv(platform.environments));
  }, [env, platform.environments]);
  const items = useMemo(() => artifacts.data?.items ?? [], [artifacts.data]);
  useEffect(() => {
    if (!artifact && items.length > 0) setArtifact(items[0].digest);
  }, [artifact, items]);

  const clusters = clustersOf(platform, env);
  const targetsKey = `${env}:${platform.targets.join(',')}:${platform.clusters.length}`;
  // Preselect the project's targets in the environment whenever they change (state adjusted
  // while rendering, so the first paint already shows them).
  const [chosenFor, setChosenFor] = useState<string | null>(null);
  if (chosenFor !== targetsKey) {
    setChosenFor(targetsKey);
    setChosen(
      new Set(clusters.filter((c) => platform.targets.includes(c.name)).map((c) => c.name)),
    );
  }

  function toggle(name: string) {
    setChosen((old) => {
      const next = new Set(old);
      if (next.has(name)) next.delete(name);
      else next.add(name);
      return next;
    });
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    await run(async () => {
      const answer = await api.createDeployments(slug, {
        artifact,
        environment: env,
        clusters: all ? 'all' : clusters.map((c) => c.name).filter((n) => chosen.has(n)),
        reason,
        waves: parseWaves(waves),
        auto_rollback: autoRollback,
      });
      setReason('');
      onDeployed(answer.deployments);
    });
  }

  const noArtifacts = !artifacts.loading && items.length === 0;
  return (
    <form className="box deploy-form" onSubmit={submit} data-testid="deploy-form">
      <div className="box-header">
        <strong>Deploy</strong>
      </div>
      <div className="box-body">
        <FormError error={artifacts.error ?? platform.error} />
        {noArtifacts ? (
          <p className="muted" data-testid="no-artifacts">
            No artifacts yet: CI pushes them with <code>paved artifact push</code> (POST
            /api/v1/projects/{slug}/artifacts).
          </p>
        ) : null}
        <div className="form-row">
          <label className="picker">
            <span>Artifact</span>
            <select
              id="deploy-artifact"
              className="form-control mono"
              value={artifact}
              onChange={(e) => setArtifact(e.target.value)}
            >
              {items.map((a) => (
                <option key={a.digest} value={a.digest} title={a.digest}>
                  {artifactLabel(a)}
                </option>
              ))}
            </select>
          </label>
          <EnvPicker
            id="deploy-env"
            environments={platform.environments}
            value={env}
            onChange={(next) => setEnv(next)}
          />
        </div>
        <fieldset className="deploy-clusters">
          <legend className="small muted">Clusters</legend>
          <label className="checkbox-row">
            <input
              type="checkbox"
              id="deploy-all"
              checked={all}
              onChange={(e) => setAll(e.target.checked)}
            />{' '}
            all targets of the environment
          </label>
          {clusters.map((c) => (
            <label key={c.name} className="checkbox-row">
              <input
                type="checkbox"
                name="deploy-cluster"
                value={c.name}
                data-testid={`deploy-cluster-${c.name}`}
                disabled={all}
                checked={all ? platform.targets.includes(c.name) : chosen.has(c.name)}
                onChange={() => toggle(c.name)}
              />{' '}
              {c.name}{' '}
              <span className="muted small">
                {c.region} · {c.runtime}
              </span>
              {platform.targets.includes(c.name) ? (
                <span className="label small">target</span>
              ) : null}
            </label>
          ))}
          {clusters.length === 0 ? (
            <p className="muted small">No clusters in {env || '—'}.</p>
          ) : null}
        </fieldset>
        <div className="form-group">
          <label htmlFor="deploy-reason">Reason</label>
          <input
            id="deploy-reason"
            className="form-control"
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            placeholder="What this deploy ships, and why now"
          />
        </div>
        <div className="form-row">
          <label className="checkbox-row">
            <input
              type="checkbox"
              id="deploy-auto-rollback"
              checked={autoRollback}
              onChange={(e) => setAutoRollback(e.target.checked)}
            />{' '}
            Roll back automatically when the rollout fails
          </label>
          <label className="picker deploy-waves">
            <span>Waves (optional)</span>
            <input
              id="deploy-waves"
              className="form-control"
              value={waves}
              onChange={(e) => setWaves(e.target.value)}
              placeholder="kr1; jp1, us1"
              title="Clusters per wave: commas within a wave, semicolons between waves"
            />
          </label>
        </div>
        <FormError error={error} />
        {error?.field ? (
          <div className="flash flash-error" role="alert">
            {error.field}: {error.message}
          </div>
        ) : null}
        <button
          type="submit"
          className="btn btn-primary"
          disabled={busy || !artifact || !env}
          data-testid="deploy-submit"
        >
          {busy ? 'Deploying…' : 'Deploy'}
        </button>
      </div>
    </form>
  );
}
