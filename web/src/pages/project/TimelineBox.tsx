// The project's timeline: deploys, rollbacks, spec pushes, config and secret changes and policy
// exceptions, newest first — the context of any change in behaviour.
import { useEffect } from 'react';
import * as api from '../../api';
import { ErrorBanner } from '../../components/Field';
import { Time } from '../../components/Time';
import { useLoad } from '../../hooks/useLoad';
import { isMissingRoute } from './deployShared';

interface Props {
  slug: string;
  environment: string;
  /** Bumped by the parent when something changed. */
  refreshKey: number;
  onOpen: (deploymentId: string) => void;
}

/** Long digests in a summary cut to their first 12 hex digits. */
function shortenDigests(text: string): string {
  return text.replace(/sha256:([0-9a-f]{12})[0-9a-f]{52}/g, 'sha256:$1…');
}

export function TimelineBox({ slug, environment, refreshKey, onOpen }: Props) {
  const timeline = useLoad(
    () => api.projectTimeline(slug, { environment: environment || undefined }),
    `timeline:${slug}:${environment}`,
  );
  const reloadTimeline = timeline.reload;
  useEffect(() => {
    if (refreshKey > 0) reloadTimeline();
  }, [refreshKey, reloadTimeline]);
  if (isMissingRoute(timeline.error)) return null;
  const items = (timeline.data?.items ?? []).slice(0, 20);
  return (
    <div className="box" data-testid="timeline">
      <div className="box-header">
        <strong>Timeline</strong>{' '}
        <span className="muted small">deploys, spec, config, secrets and exceptions</span>
      </div>
      <ErrorBanner error={timeline.error} />
      {items.length === 0 && !timeline.loading ? <div className="empty">Nothing yet.</div> : null}
      <ul className="timeline-list">
        {items.map((e, i) => (
          <li key={`${e.at}:${i}`} data-kind={e.kind}>
            <span className="small muted">
              <Time value={e.at} />
            </span>{' '}
            <span className="label small">{e.kind}</span> <strong>{e.actor}</strong>{' '}
            <span title={e.summary}>{shortenDigests(e.summary)}</span>
            {e.deployment_id ? (
              <>
                {' '}
                <button
                  type="button"
                  className="link-button small"
                  onClick={() => onOpen(e.deployment_id!)}
                >
                  details
                </button>
              </>
            ) : null}
          </li>
        ))}
      </ul>
    </div>
  );
}
