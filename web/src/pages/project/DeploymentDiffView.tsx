// What a deployment changes against the previous deployment of its cluster (the diff route's
// answer): image digest, spec, config and secret versions, and the manifests' unified diff.
import { useMemo } from 'react';
import type { DeploymentDiff, DiffLine } from '../../api';
import { ErrorBanner } from '../../components/Field';
import type { Loaded } from '../../hooks/useLoad';
import { shortDigest } from '../deployments/deployUi';
import { DiffView } from './deployShared';

/** A unified diff's text as DiffView lines (headers shown as context). */
export function unifiedDiffLines(text: string): DiffLine[] {
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines.map((line) => {
    if (line.startsWith('+++') || line.startsWith('---')) return { op: ' ', text: line };
    if (line.startsWith('+')) return { op: '+', text: line.slice(1) };
    if (line.startsWith('-')) return { op: '-', text: line.slice(1) };
    return { op: ' ', text: line.startsWith(' ') ? line.slice(1) : line };
  }) as DiffLine[];
}

function versions(list: { from: number | null; to: number | null }[], names: string[]): string {
  return list.map((c, i) => `${names[i]} v${c.from ?? '—'} → v${c.to ?? '—'}`).join(', ');
}

/** The summary line, the config and secret changes, then the manifests' diff. */
export function DeploymentDiffView({ diff }: { diff: DeploymentDiff }) {
  const lines = useMemo(() => unifiedDiffLines(diff.manifests ?? ''), [diff.manifests]);
  return (
    <>
      <p className="small muted" data-testid="diff-summary">
        Against {diff.from ? <code>{diff.from}</code> : 'nothing (first deploy)'}
        {diff.digest.from !== diff.digest.to ? (
          <span data-testid="diff-digest">
            {' '}
            · image {shortDigest(diff.digest.from)} → {shortDigest(diff.digest.to)}
          </span>
        ) : null}
        {diff.spec.from !== diff.spec.to ? (
          <>
            {' '}
            · spec v{diff.spec.from ?? '—'} → v{diff.spec.to ?? '—'}
          </>
        ) : null}
      </p>
      {diff.config.length > 0 ? (
        <p className="small">
          Config:{' '}
          {versions(
            diff.config,
            diff.config.map((c) => c.set),
          )}
        </p>
      ) : null}
      {diff.secrets.length > 0 ? (
        <p className="small">
          Secrets:{' '}
          {versions(
            diff.secrets,
            diff.secrets.map((s) => s.name),
          )}
        </p>
      ) : null}
      <DiffView lines={lines} />
    </>
  );
}

/** A diff being loaded: its error, the diff once there, or a loading note. */
export function LoadedDiff({
  diff,
  testId,
}: {
  diff: Loaded<DeploymentDiff | null>;
  testId: string;
}) {
  return (
    <div data-testid={testId}>
      <ErrorBanner error={diff.error} />
      {diff.data ? (
        <DeploymentDiffView diff={diff.data} />
      ) : diff.loading ? (
        <div className="muted">Loading diff…</div>
      ) : null}
    </div>
  );
}
