import { Link } from 'react-router-dom';
import type { Lifecycle, TeamStatus } from '../api';

/** experimental / production / deprecated, colour-coded. */
export function LifecycleBadge({ lifecycle }: { lifecycle?: Lifecycle | string }) {
  if (!lifecycle) return null;
  return (
    <span className={`label label-${lifecycle}`} data-testid="lifecycle">
      {lifecycle}
    </span>
  );
}

/** A "dissolved" badge for a team that left the HR source; nothing for active teams. */
export function TeamStatusBadge({ status }: { status?: TeamStatus }) {
  if (status !== 'dissolved') return null;
  return (
    <span className="label label-danger" data-testid="team-status">
      dissolved
    </span>
  );
}

/** Tags as small labels, each linking to the projects list filtered by it. */
export function TagList({ tags }: { tags?: string[] }) {
  if (!tags || tags.length === 0) return <span className="muted">—</span>;
  return (
    <span className="tag-list" data-testid="tags">
      {tags.map((t) => (
        <Link key={t} to={`/projects?tag=${encodeURIComponent(t)}`} className="tag">
          {t}
        </Link>
      ))}
    </span>
  );
}

/** ✓ or ✗ for a scorecard check. */
export function CheckMark({ passed }: { passed: boolean | undefined }) {
  if (passed === undefined) return <span className="muted">—</span>;
  return passed ? (
    <span className="check-pass" aria-label="passed" data-passed="true">
      ✓
    </span>
  ) : (
    <span className="check-fail" aria-label="failed" data-passed="false">
      ✗
    </span>
  );
}

/** A score (0–100) with a bar. */
export function ScoreBar({ score }: { score: number }) {
  const pct = Math.max(0, Math.min(100, Math.round(score)));
  return (
    <span className="score" data-score={pct}>
      <span className="score-bar">
        <span className="score-fill" style={{ width: `${pct}%` }} />
      </span>
      <span className="score-num">{pct}</span>
    </span>
  );
}
