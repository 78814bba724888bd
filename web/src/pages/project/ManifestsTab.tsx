// The Manifests tab: the Kubernetes objects Paved renders for one environment and cluster,
// with syntax highlighting and a diff against the previous spec version's rendering.
import { useEffect, useMemo, useState } from 'react';
import { Link } from 'react-router-dom';
import { diffLines } from 'diff';
import * as api from '../../api';
import type { ApiError, DiffLine, Manifests, Project } from '../../api';
import { ErrorBanner } from '../../components/Field';
import { useLoad } from '../../hooks/useLoad';
import {
  ClusterPicker,
  clustersOf,
  DiffView,
  EnvPicker,
  firstEnv,
  isMissingRoute,
  usePlatform,
  YamlView,
} from './deployShared';

/** A line diff of two texts in the DiffView's shape. */
export function lineDiff(before: string, after: string): DiffLine[] {
  const out: DiffLine[] = [];
  for (const part of diffLines(before, after)) {
    const op = part.added ? '+' : part.removed ? '-' : ' ';
    const lines = part.value.split('\n');
    if (lines[lines.length - 1] === '') lines.pop();
    for (const text of lines) out.push({ op, text });
  }
  return out;
}

/** "sha256:4cbe9b384a4a" of a long hash, for display (the whole one is the title). */
function shortHash(hash: string): string {
  const [algo, hex] = hash.includes(':') ? hash.split(':', 2) : ['', hash];
  return (algo ? `${algo}:` : '') + hex.slice(0, 12);
}

function kindCounts(m: Manifests): string {
  const counts = new Map<string, number>();
  for (const o of m.objects ?? []) {
    const kind = String(o.kind ?? '?');
    counts.set(kind, (counts.get(kind) ?? 0) + 1);
  }
  return [...counts].map(([k, n]) => (n > 1 ? `${k} ×${n}` : k)).join(', ');
}

export function ManifestsTab({ project }: { project: Project }) {
  const slug = project.slug;
  const platform = usePlatform(slug);
  const [env, setEnv] = useState('');
  const [cluster, setCluster] = useState('');
  const [view, setView] = useState<'yaml' | 'diff'>('yaml');

  useEffect(() => {
    if (!env && platform.environments.length > 0) setEnv(firstEnv(platform.environments));
  }, [env, platform.environments]);

  const current = useLoad(
    () => api.getManifests(slug, { env: env || undefined, cluster: cluster || undefined }),
    `manifests:${slug}:${env}:${cluster}`,
  );
  const m = current.data;
  const previousVersion = m && m.spec_version > 1 ? m.spec_version - 1 : null;
  const previous = useLoad(
    () =>
      previousVersion && m
        ? api.getManifests(slug, {
            env: m.environment,
            cluster: m.cluster,
            version: previousVersion,
          })
        : Promise.resolve(null),
    `manifests-prev:${slug}:${m?.environment}:${m?.cluster}:${previousVersion}`,
  );
  const diff = useMemo(
    () => (m && previous.data ? lineDiff(previous.data.yaml, m.yaml) : null),
    [m, previous.data],
  );

  const error = current.error as ApiError | null;
  return (
    <div>
      <div className="filters">
        <EnvPicker
          environments={platform.environments}
          value={env}
          onChange={(e) => {
            setEnv(e);
            setCluster('');
          }}
        />
        <ClusterPicker
          clusters={clustersOf(platform, env)}
          targets={platform.targets}
          value={cluster}
          onChange={setCluster}
        />
      </div>
      <ErrorBanner error={platform.error} />
      {error && error.status === 404 && !isMissingRoute(error) ? (
        <div className="blankslate box" data-testid="manifests-empty">
          <p>{error.message}</p>
          <p className="muted">
            Manifests are rendered from the app spec: write one in the{' '}
            <Link to={`/projects/${slug}?tab=spec`}>Spec</Link> tab.
          </p>
        </div>
      ) : (
        <ErrorBanner error={error} />
      )}
      {m ? (
        <div className="box" data-testid="manifests">
          <div className="box-header">
            <dl className="props-inline small" style={{ marginBottom: 0 }}>
              <dt className="muted">Cluster</dt>
              <dd data-testid="manifests-cluster">{m.cluster}</dd>
              <dt className="muted">Namespace</dt>
              <dd>{m.namespace}</dd>
              <dt className="muted">Spec version</dt>
              <dd data-testid="manifests-spec-version">{m.spec_version}</dd>
              <dt className="muted">Hash</dt>
              <dd className="mono" data-testid="manifests-hash" title={m.hash}>
                {shortHash(m.hash)}
              </dd>
            </dl>
          </div>
          <div className="box-body">
            <p className="small muted">Objects: {kindCounts(m) || 'none'}</p>
            <VersionsLine title="Images" entries={m.digests} />
            <VersionsLine title="Config sets" entries={m.config_versions} />
            <VersionsLine title="Secrets" entries={m.secret_versions} />
            <div className="segmented" role="tablist" aria-label="Manifest view">
              <button
                type="button"
                role="tab"
                aria-selected={view === 'yaml'}
                className={view === 'yaml' ? 'btn btn-sm selected' : 'btn btn-sm'}
                onClick={() => setView('yaml')}
              >
                YAML
              </button>
              <button
                type="button"
                role="tab"
                aria-selected={view === 'diff'}
                className={view === 'diff' ? 'btn btn-sm selected' : 'btn btn-sm'}
                onClick={() => setView('diff')}
                disabled={!previousVersion}
                title={previousVersion ? undefined : 'There is no earlier spec version'}
              >
                {previousVersion
                  ? `Diff vs spec version ${previousVersion}`
                  : 'Diff (no earlier version)'}
              </button>
            </div>
            {view === 'yaml' ? (
              <YamlView yaml={m.yaml} testId="manifests-yaml" />
            ) : (
              <>
                <p className="small muted">
                  Changes against the rendering of spec version {previousVersion} for the same
                  environment and cluster (what was last deployed is shown once deploys exist).
                </p>
                <ErrorBanner error={previous.error} />
                {diff ? <DiffView lines={diff} testId="manifests-diff" /> : null}
              </>
            )}
          </div>
        </div>
      ) : current.loading ? (
        <div className="muted">Rendering…</div>
      ) : null}
    </div>
  );
}

function VersionsLine({ title, entries }: { title: string; entries?: Record<string, unknown> }) {
  const list = Object.entries(entries ?? {});
  if (list.length === 0) return null;
  return (
    <p className="small">
      <span className="muted">{title}: </span>
      {list.map(([k, v], i) => (
        <span key={k}>
          {i > 0 ? ', ' : null}
          <code>{k}</code> {typeof v === 'number' ? `v${v}` : <code>{String(v)}</code>}
        </span>
      ))}
    </p>
  );
}
