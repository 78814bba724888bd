// Pieces shared by the project's deploy tabs: platform lookups, environment and cluster
// pickers, a YAML view with syntax highlighting and a +/- diff view.
import { useMemo } from 'react';
import hljs from 'highlight.js/lib/core';
import yamlLanguage from 'highlight.js/lib/languages/yaml';
import * as api from '../../api';
import type { Cluster, DiffLine, Environment } from '../../api';
import { useLoad } from '../../hooks/useLoad';

hljs.registerLanguage('yaml', yamlLanguage);

export interface PlatformLookups {
  environments: Environment[];
  clusters: Cluster[];
  /** Names of the clusters the project deploys to. */
  targets: string[];
  error: Error | null;
  loading: boolean;
  reloadTargets: () => void;
}

/** Environments, clusters and (with a slug) the project's targets. */
export function usePlatform(slug?: string): PlatformLookups {
  const environments = useLoad(() => api.listEnvironments(), 'environments');
  const clusters = useLoad(() => api.listClusters(), 'clusters');
  const targets = useLoad(
    () => (slug ? api.projectTargets(slug) : Promise.resolve({ items: [] as Cluster[] })),
    `targets:${slug ?? ''}`,
  );
  return {
    environments: environments.data?.items ?? [],
    clusters: clusters.data?.items ?? [],
    targets: (targets.data?.items ?? []).map((c) => c.name),
    error: environments.error ?? clusters.error ?? targets.error,
    loading: environments.loading || clusters.loading,
    reloadTargets: targets.reload,
  };
}

/** The clusters of `env`, the project's targets first. */
export function clustersOf(p: PlatformLookups, env: string): Cluster[] {
  const of = p.clusters.filter((c) => c.environment === env);
  const targeted = of.filter((c) => p.targets.includes(c.name));
  return [...targeted, ...of.filter((c) => !p.targets.includes(c.name))];
}

interface EnvPickerProps {
  environments: Environment[];
  value: string;
  onChange: (env: string) => void;
  id?: string;
}

export function EnvPicker({ environments, value, onChange, id = 'env-picker' }: EnvPickerProps) {
  return (
    <label className="picker">
      <span>Environment</span>
      <select
        id={id}
        className="form-control"
        value={value}
        onChange={(e) => onChange(e.target.value)}
      >
        {environments.length === 0 ? <option value="">—</option> : null}
        {environments.map((e) => (
          <option key={e.name} value={e.name}>
            {e.name}
            {e.production ? ' (production)' : ''}
          </option>
        ))}
      </select>
    </label>
  );
}

interface ClusterPickerProps {
  clusters: Cluster[];
  targets: string[];
  value: string;
  onChange: (cluster: string) => void;
}

/** "" means the server's default (the first target of the environment). */
export function ClusterPicker({ clusters, targets, value, onChange }: ClusterPickerProps) {
  return (
    <label className="picker">
      <span>Cluster</span>
      <select
        id="cluster-picker"
        className="form-control"
        value={value}
        onChange={(e) => onChange(e.target.value)}
      >
        <option value="">default</option>
        {clusters.map((c) => (
          <option key={c.name} value={c.name}>
            {c.name}
            {targets.includes(c.name) ? ' (target)' : ''}
          </option>
        ))}
      </select>
    </label>
  );
}

/** The first environment's name, or "" before they are loaded. */
export function firstEnv(environments: Environment[]): string {
  return environments[0]?.name ?? '';
}

/** YAML with syntax highlighting (highlight.js escapes the text). */
export function YamlView({ yaml, testId }: { yaml: string; testId?: string }) {
  const html = useMemo(
    () => hljs.highlight(yaml, { language: 'yaml', ignoreIllegals: true }).value,
    [yaml],
  );
  return (
    <pre className="code-view" data-testid={testId}>
      <code className="hljs language-yaml" dangerouslySetInnerHTML={{ __html: html }} />
    </pre>
  );
}

/** Unified diff lines, added lines green and removed ones red. */
export function DiffView({ lines, testId }: { lines: DiffLine[]; testId?: string }) {
  if (lines.length === 0) return <div className="empty">No differences.</div>;
  const changed = lines.some((l) => l.op !== ' ');
  return (
    <pre className="code-view diff-view" data-testid={testId}>
      {changed ? null : <div className="muted">No differences.</div>}
      {lines.map((l, i) => (
        <div key={i} className={l.op === '+' ? 'diff-add' : l.op === '-' ? 'diff-del' : 'diff-ctx'}>
          <span className="diff-op">{l.op === ' ' ? ' ' : l.op}</span>
          {l.text}
        </div>
      ))}
    </pre>
  );
}

/** True for the server's answer to a path it has no route for (not a missing record). */
export function isMissingRoute(e: Error | null): boolean {
  return e instanceof api.ApiError && e.status === 404 && e.message.startsWith('no route');
}
