// The approvals inbox: production deployments waiting for an approval the caller may give,
// one approval per request and region.
import { useCallback, useState } from 'react';
import { Link } from 'react-router-dom';
import * as api from '../../api/client';
import type { ApiError, Deployment } from '../../api/client';
import { ErrorBanner } from '../../components/Field';
import { Time } from '../../components/Time';
import { useLoad } from '../../hooks/useLoad';
import { DeploymentsNav } from './DeploymentsNav';
import { shortDigest, StateBadge, useDeployRefresh } from './deployUi';

export function ApprovalsPage() {
  const approvals = useLoad(() => api.listApprovals(), 'approvals');
  const [error, setError] = useState<ApiError | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const reload = approvals.reload;
  useDeployRefresh(reload, false);

  const act = useCallback(
    async (d: Deployment, approve: boolean) => {
      setBusy(d.id);
      setError(null);
      setDone(null);
      try {
        const answer = approve
          ? await api.approveDeployment(d.project, d.id)
          : await api.rejectDeployment(d.project, d.id);
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
        cannot approve your own request.
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
      <div className="box">
        <table className="table" data-testid="approvals">
          <thead>
            <tr>
              <th>Project</th>
              <th>Where</th>
              <th>Artifact</th>
              <th>Requested</th>
              <th>Reason</th>
              <th>State</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {items.map((d) => (
              <tr key={d.id} data-testid="approval-row" data-id={d.id} data-project={d.project}>
                <td>
                  <Link to={`/projects/${d.project}?tab=deployments`}>{d.project}</Link>
                </td>
                <td>
                  {d.environment} / {d.cluster} <span className="muted small">{d.region}</span>
                </td>
                <td className="mono small" title={d.artifact.digest}>
                  {shortDigest(d.artifact.digest)}
                  {d.rollback_of ? <span className="label small">rollback</span> : null}
                </td>
                <td className="small">
                  {d.requester} · <Time value={d.created_at} />
                </td>
                <td className="small">{d.reason}</td>
                <td>
                  <StateBadge state={d.state} />
                </td>
                <td className="nowrap">
                  <button
                    type="button"
                    className="btn btn-sm btn-primary"
                    disabled={busy === d.id}
                    onClick={() => void act(d, true)}
                  >
                    Approve
                  </button>{' '}
                  <button
                    type="button"
                    className="btn btn-sm"
                    disabled={busy === d.id}
                    onClick={() => void act(d, false)}
                  >
                    Reject
                  </button>
                </td>
              </tr>
            ))}
            {items.length === 0 && !approvals.loading ? (
              <tr>
                <td colSpan={7} className="muted" data-testid="approvals-empty">
                  Nothing waits for your approval.
                </td>
              </tr>
            ) : null}
          </tbody>
        </table>
      </div>
    </div>
  );
}
