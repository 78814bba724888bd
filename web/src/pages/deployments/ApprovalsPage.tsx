// The approvals inbox: production deployments waiting for an approval the caller may give,
// one approval per request and region. Each shows what it changes (the deployment's diff) and
// asks for a comment, recorded with the decision.
import { useCallback, useState } from 'react';
import { Link } from 'react-router-dom';
import * as api from '../../api';
import type { ApiError, Deployment } from '../../api';
import { ErrorBanner } from '../../components/Field';
import { Time } from '../../components/Time';
import { useLoad } from '../../hooks/useLoad';
import { LoadedDiff } from '../project/DeploymentDiffView';
import { DeploymentsNav } from './DeploymentsNav';
import { shortDigest, StateBadge, useDeployRefresh } from './deployUi';

/** The link that opens the deployment's drawer on its diff. */
function diffLink(d: Deployment): string {
  const q = new URLSearchParams({ tab: 'deployments', deployment: d.id, view: 'diff' });
  return `/projects/${encodeURIComponent(d.project)}?${q.toString()}`;
}

interface ApprovalProps {
  deployment: Deployment;
  busy: boolean;
  onDecide: (d: Deployment, approve: boolean, comment: string) => void;
}

/** One waiting deployment: where, what, its diff, a comment and the two decisions. */
function Approval({ deployment: d, busy, onDecide }: ApprovalProps) {
  const [comment, setComment] = useState('');
  const diff = useLoad(() => api.deploymentDiff(d.project, d.id), `approval-diff:${d.id}`);
  const commentId = `approval-comment-${d.id}`;
  const noComment = !comment.trim();
  return (
    <section className="box" data-testid="approval-row" data-id={d.id} data-project={d.project}>
      <div className="box-header box-header-actions">
        <span>
          <Link to={`/projects/${d.project}?tab=deployments`}>
            <strong>{d.project}</strong>
          </Link>{' '}
          → {d.environment} / {d.cluster} <span className="muted small">{d.region}</span>{' '}
          <span className="mono small" title={d.artifact.digest}>
            {shortDigest(d.artifact.digest)}
          </span>
          {d.rollback_of ? <span className="label small">rollback</span> : null}
        </span>
        <StateBadge state={d.state} />
      </div>
      <div className="box-body">
        <p className="small">
          Requested by {d.requester} · <Time value={d.created_at} />
          {d.reason ? <> · “{d.reason}”</> : null} · <Link to={diffLink(d)}>details</Link>
        </p>
        <LoadedDiff diff={diff} testId="approval-diff" />
        <div className="form-group">
          <label htmlFor={commentId}>Comment</label>
          <input
            id={commentId}
            className="form-control"
            placeholder="What you checked, recorded with your decision"
            value={comment}
            onChange={(e) => setComment(e.target.value)}
          />
        </div>
      </div>
      <div className="box-footer">
        <button
          type="button"
          className="btn btn-sm btn-primary"
          disabled={busy || noComment}
          title={noComment ? 'Write a comment first' : undefined}
          onClick={() => onDecide(d, true, comment.trim())}
        >
          Approve
        </button>{' '}
        <button
          type="button"
          className="btn btn-sm"
          disabled={busy}
          onClick={() => onDecide(d, false, comment.trim())}
        >
          Reject
        </button>
      </div>
    </section>
  );
}

export function ApprovalsPage() {
  const approvals = useLoad(() => api.listApprovals(), 'approvals');
  const [error, setError] = useState<ApiError | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const reload = approvals.reload;
  useDeployRefresh(reload, false);

  const act = useCallback(
    async (d: Deployment, approve: boolean, comment: string) => {
      setBusy(d.id);
      setError(null);
      setDone(null);
      try {
        const answer = approve
          ? await api.approveDeployment(d.project, d.id, comment)
          : await api.rejectDeployment(d.project, d.id, comment);
        const clusters = answer.deployments.map((x) => x.cluster).join(', ') || d.cluster;
        setDone(`${approve ? 'Approved' : 'Rejected'} ${d.project} → ${clusters}.`);
        reload();
      } catch (e) {
        setError(e as ApiError);
      } finally {
        setBusy(null);
      }
    },
    [reload],
  );

  const items = approvals.data?.items ?? [];
  return (
    <div>
      <DeploymentsNav />
      <div className="page-head">
        <h1>Approvals</h1>
      </div>
      <p className="muted small">
        Production deployments waiting for you. One approval covers one request in one region; you
        cannot approve your own request. Read what changes, then say why you approve.
      </p>
      <ErrorBanner error={approvals.error} />
      {error ? (
        <div className="flash flash-error" role="alert" data-testid="approval-error">
          {error.message}
        </div>
      ) : null}
      {done ? (
        <div className="flash flash-success" data-testid="approval-done">
          {done}
        </div>
      ) : null}
      <div data-testid="approvals">
        {items.map((d) => (
          <Approval key={d.id} deployment={d} busy={busy === d.id} onDecide={act} />
        ))}
        {items.length === 0 && !approvals.loading ? (
          <div className="box empty muted" data-testid="approvals-empty">
            Nothing waits for your approval.
          </div>
        ) : null}
      </div>
    </div>
  );
}
