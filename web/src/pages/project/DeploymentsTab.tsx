// The Deployments tab: deploy an artifact, follow each cluster's rollout live (event stream,
// polling while anything is in flight), approve / reject / cancel / roll back, and the history
// with filters and a detail drawer.
import { useCallback, useMemo, useState, type FormEvent } from 'react';
import { useSearchParams } from 'react-router-dom';
import * as api from '../../api';
import type { ApiError, Deployment, Project } from '../../api';
import { ErrorBanner } from '../../components/Field';
import { LoadMore } from '../../components/LoadMore';
import { Time } from '../../components/Time';
import { useLoad } from '../../hooks/useLoad';
import { usePaged } from '../../hooks/usePaged';
import { useSubmit } from '../../hooks/useSubmit';
import { shortDigest, StateBadge, useDeployRefresh } from '../deployments/deployUi';
import { DeployForm } from './DeployForm';
import { DeploymentActions } from './DeploymentActions';
import { DeploymentDrawer, type DrawerView } from './DeploymentDrawer';
import { isMissingRoute, usePlatform } from './deployShared';
import { TimelineBox } from './TimelineBox';

const kProgress = ['pending_approval', 'queued', 'rolling_out', 'succeeded'];

/** The newest deployment of each cluster, in the order clusters first appear. */
function latestPerCluster(items: Deployment[]): Deployment[] {
  const seen = new Map<string, Deployment>();
  for (const d of items) if (!seen.has(d.cluster)) seen.set(d.cluster, d);
  return [...seen.values()].sort((a, b) =>
    a.environment === b.environment
      ? a.cluster.localeCompare(b.cluster)
      : a.environment.localeCompare(b.environment),
  );
}

function sameVersions(a: Record<string, number>, b: Record<string, number>): boolean {
  const keys = Object.keys(a ?? {});
  return keys.length === Object.keys(b ?? {}).length && keys.every((k) => a[k] === b?.[k]);
}

/** Whether two deployments apply the same release: image, spec, config and secret versions. */
function sameRelease(a: Deployment, b: Deployment): boolean {
  return (
    a.artifact.digest === b.artifact.digest &&
    a.spec_version === b.spec_version &&
    sameVersions(a.config_versions, b.config_versions) &&
    sameVersions(a.secret_versions, b.secret_versions)
  );
}

/** The release each cluster runs now: its most recently finished succeeded deployment. */
function runningPerCluster(items: Deployment[]): Map<string, Deployment> {
  const running = new Map<string, Deployment>();
  for (const d of items) {
    if (d.state !== 'succeeded') continue;
    const now = running.get(d.cluster);
    if (!now || (d.finished_at ?? '') > (now.finished_at ?? '')) running.set(d.cluster, d);
  }
  return running;
}

function ProgressBar({ state }: { state: string }) {
  const ended = ['failed', 'cancelled', 'rejected'].includes(state);
  const at = kProgress.indexOf(
    state === 'waiting' ? 'queued' : state === 'rolled_back' ? 'succeeded' : state,
  );
  const pct = ended ? 100 : at < 0 ? 0 : Math.round(((at + 1) / kProgress.length) * 100);
  return (
    <span className={`deploy-progress${ended ? ' ended' : ''}`} aria-hidden="true">
      <span className="deploy-progress-fill" style={{ width: `${pct}%` }} />
    </span>
  );
}

type Filters = { environment: string; cluster: string; state: string };

/**
 * The tab's view state kept in the URL so that a pasted link opens the same view:
 * `environment`, `cluster`, `state` (history filters), `deployment` (the open drawer) and
 * `view` (its tab: steps, manifests or diff).
 */
function useDeploymentsUrl() {
  const [params, setParams] = useSearchParams();
  const filters: Filters = {
    environment: params.get('environment') ?? '',
    cluster: params.get('cluster') ?? '',
    state: params.get('state') ?? '',
  };
  const view = params.get('view');
  const drawerView: DrawerView = view === 'manifests' || view === 'diff' ? view : 'steps';
  const update = useCallback(
    (changes: Record<string, string | null>, push = false) =>
      setParams(
        (prev) => {
          const next = new URLSearchParams(prev);
          for (const [k, v] of Object.entries(changes)) {
            if (v) next.set(k, v);
            else next.delete(k);
          }
          return next;
        },
        { replace: !push },
      ),
    [setParams],
  );
  return {
    filters,
    setFilters: (f: Filters) => update(f),
    openId: params.get('deployment'),
    setOpenId: (id: string | null) =>
      update({ deployment: id, view: null }, id !== null && id !== params.get('deployment')),
    drawerView,
    setDrawerView: (v: DrawerView) => update({ view: v === 'steps' ? null : v }),
  };
}

export function DeploymentsTab({ project }: { project: Project }) {
  const slug = project.slug;
  const platform = usePlatform(slug);
  const [refreshKey, setRefreshKey] = useState(0);
  const { filters, setFilters, openId, setOpenId, drawerView, setDrawerView } = useDeploymentsUrl();
  const [actionError, setActionError] = useState<ApiError | null>(null);
  const [rollbackOf, setRollbackOf] = useState<Deployment | null>(null);

  const recent = useLoad(() => api.listDeployments(slug, { limit: 100 }), `recent:${slug}`);
  const { environment, cluster, state } = filters;
  const fetchHistory = useCallback(
    (p: api.PageParams) =>
      api.listDeployments(slug, { ...p, limit: 25, environment, cluster, state }),
    [slug, environment, cluster, state],
  );
  const history = usePaged<Deployment>(
    fetchHistory,
    `${slug}:${filters.environment}:${filters.cluster}:${filters.state}`,
  );

  const reloadRecent = recent.reload;
  const reloadHistory = history.reload;
  const refresh = useCallback(() => {
    reloadRecent();
    reloadHistory();
    setRefreshKey((k) => k + 1);
  }, [reloadRecent, reloadHistory]);

  const recentItems = useMemo(() => recent.data?.items ?? [], [recent.data]);
  const inFlight = recentItems.some((d) => !api.isFinalState(d.state));
  useDeployRefresh(refresh, inFlight, slug);
  const live = useMemo(() => latestPerCluster(recentItems), [recentItems]);
  const running = useMemo(() => runningPerCluster(recentItems), [recentItems]);
  const isRunning = (d: Deployment) => {
    const now = running.get(d.cluster);
    return now !== undefined && sameRelease(now, d);
  };

  if (isMissingRoute(recent.error)) {
    return (
      <div className="blankslate box" data-testid="deployments-unavailable">
        <p>This server does not offer deployments yet.</p>
      </div>
    );
  }

  return (
    <div className="deployments-tab">
      <DeployForm
        slug={slug}
        refreshKey={refreshKey}
        onDeployed={() => {
          setActionError(null);
          refresh();
        }}
      />
      {actionError ? (
        <div className="flash flash-error" role="alert" data-testid="deploy-action-error">
          {actionError.message}
          {actionError.code ? <span className="muted small"> ({actionError.code})</span> : null}
        </div>
      ) : null}
      {rollbackOf ? (
        <RollbackForm
          deployment={rollbackOf}
          production={platform.environments.some(
            (e) => e.name === rollbackOf.environment && e.production,
          )}
          onCancel={() => setRollbackOf(null)}
          onDone={() => {
            setRollbackOf(null);
            refresh();
          }}
        />
      ) : null}

      <div className="box" data-testid="live-progress">
        <div className="box-header box-header-actions">
          <strong>Per cluster</strong>
          <span className={inFlight ? 'live-badge on' : 'live-badge'} data-live={inFlight}>
            <span className="dot" /> {inFlight ? 'rolling out — live' : 'live'}
          </span>
        </div>
        <ErrorBanner error={recent.error} />
        {live.length === 0 && !recent.loading ? (
          <div className="empty">Nothing deployed yet.</div>
        ) : null}
        {live.map((d) => (
          <div
            key={d.cluster}
            className="live-row"
            data-testid="live-cluster"
            data-cluster={d.cluster}
            data-state={d.state}
          >
            <span className="live-cluster">
              <strong>{d.cluster}</strong>
              <span className="muted small">
                {' '}
                {d.environment} · {d.region}
              </span>
            </span>
            <span className="mono small" title={d.artifact.digest}>
              {shortDigest(d.artifact.digest)}
            </span>
            <StateBadge state={d.state} />
            <ProgressBar state={d.state} />
            <span className="small muted">
              <Time value={d.finished_at ?? d.started_at ?? d.created_at} />
            </span>
            <DeploymentActions
              deployment={d}
              ownerTeam={project.owner_team}
              onDone={refresh}
              onError={setActionError}
            />
            <button type="button" className="link-button small" onClick={() => setOpenId(d.id)}>
              details
            </button>
            {d.error ? <div className="field-error small live-error">{d.error}</div> : null}
          </div>
        ))}
      </div>

      <div className="box" data-testid="deployment-history">
        <div className="box-header box-header-actions">
          <strong>History</strong>
          <div className="filters history-filters">
            <select
              aria-label="Environment filter"
              id="history-env"
              className="form-control"
              value={filters.environment}
              onChange={(e) => setFilters({ ...filters, environment: e.target.value })}
            >
              <option value="">all environments</option>
              {platform.environments.map((e) => (
                <option key={e.name} value={e.name}>
                  {e.name}
                </option>
              ))}
            </select>
            <select
              aria-label="Cluster filter"
              id="history-cluster"
              className="form-control"
              value={filters.cluster}
              onChange={(e) => setFilters({ ...filters, cluster: e.target.value })}
            >
              <option value="">all clusters</option>
              {platform.clusters
                .filter((c) => !filters.environment || c.environment === filters.environment)
                .map((c) => (
                  <option key={c.name} value={c.name}>
                    {c.name}
                  </option>
                ))}
            </select>
            <select
              aria-label="State filter"
              id="history-state"
              className="form-control"
              value={filters.state}
              onChange={(e) => setFilters({ ...filters, state: e.target.value })}
            >
              <option value="">all states</option>
              {api.kDeploymentStates.map((s) => (
                <option key={s} value={s}>
                  {s.replace(/_/g, ' ')}
                </option>
              ))}
            </select>
          </div>
        </div>
        <ErrorBanner error={history.error} />
        <div className="scroll-x">
          <table className="table">
            <thead>
              <tr>
                <th>When</th>
                <th>Where</th>
                <th>Artifact</th>
                <th>State</th>
                <th>Who</th>
                <th>Reason</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {history.items.map((d) => (
                <tr
                  key={d.id}
                  data-testid="deployment-row"
                  data-id={d.id}
                  data-state={d.state}
                  data-cluster={d.cluster}
                  data-environment={d.environment}
                  data-rollback-of={d.rollback_of ?? ''}
                  className={openId === d.id ? 'selected' : undefined}
                >
                  <td className="small">
                    <Time value={d.created_at} />
                  </td>
                  <td>
                    {d.environment} / {d.cluster}
                    {d.wave > 0 ? <span className="muted small"> wave {d.wave}</span> : null}
                  </td>
                  <td className="mono small" title={d.artifact.digest}>
                    {shortDigest(d.artifact.digest)}
                  </td>
                  <td>
                    <StateBadge state={d.state} />
                    {d.rollback_of ? (
                      <span
                        className="label small"
                        data-testid="rollback-label"
                        title={d.rollback_of}
                      >
                        rollback
                      </span>
                    ) : null}
                  </td>
                  <td className="small">
                    {d.requester}
                    {d.approver ? <span className="muted"> ✓ {d.approver}</span> : null}
                  </td>
                  <td className="small">{d.reason}</td>
                  <td className="nowrap">
                    <DeploymentActions
                      deployment={d}
                      ownerTeam={project.owner_team}
                      onDone={refresh}
                      onError={setActionError}
                      running={isRunning(d)}
                      onRollback={(target) => {
                        setActionError(null);
                        setRollbackOf(target);
                      }}
                    />
                    <button
                      type="button"
                      className="link-button small"
                      onClick={() => setOpenId(d.id)}
                    >
                      details
                    </button>
                  </td>
                </tr>
              ))}
              {history.items.length === 0 && !history.loading ? (
                <tr>
                  <td colSpan={7} className="muted">
                    No deployments match.
                  </td>
                </tr>
              ) : null}
            </tbody>
          </table>
        </div>
        <LoadMore
          cursor={history.nextCursor}
          loading={history.loading && history.items.length === 0}
          onClick={history.loadMore}
        />
      </div>
      <TimelineBox
        slug={slug}
        environment={filters.environment}
        refreshKey={refreshKey}
        onOpen={setOpenId}
      />
      {openId ? (
        <DeploymentDrawer
          slug={slug}
          id={openId}
          refreshKey={refreshKey}
          view={drawerView}
          onView={setDrawerView}
          onClose={() => setOpenId(null)}
        />
      ) : null}
    </div>
  );
}

interface RollbackProps {
  deployment: Deployment;
  production: boolean;
  onCancel: () => void;
  onDone: () => void;
}

function RollbackForm({ deployment: d, production, onCancel, onDone }: RollbackProps) {
  const [reason, setReason] = useState('');
  const [emergency, setEmergency] = useState(false);
  const { busy, error, run } = useSubmit();

  async function submit(e: FormEvent) {
    e.preventDefault();
    await run(async () => {
      await api.rollbackDeployment(d.project, d.id, {
        reason,
        ...(production && emergency ? { emergency: true } : {}),
      });
      onDone();
    });
  }

  return (
    <form className="box inline-form rollback-form" onSubmit={submit} data-testid="rollback-form">
      <p>
        Roll{' '}
        <strong>
          {d.environment} / {d.cluster}
        </strong>{' '}
        back to the release of <code>{d.id}</code> (image{' '}
        <code title={d.artifact.digest}>{shortDigest(d.artifact.digest)}</code>, spec v
        {d.spec_version}).
        {production
          ? ' Production rollbacks need an approval unless flagged as an emergency.'
          : null}
      </p>
      <div className="inline-row">
        <input
          id="rollback-reason"
          className="form-control"
          placeholder="Why roll back"
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          required
        />
        {production ? (
          <label className="checkbox-row">
            <input
              type="checkbox"
              checked={emergency}
              onChange={(e) => setEmergency(e.target.checked)}
            />{' '}
            emergency
          </label>
        ) : null}
        <button type="submit" className="btn btn-danger" disabled={busy || !reason.trim()}>
          {busy ? 'Rolling back…' : 'Roll back'}
        </button>
        <button type="button" className="btn" onClick={onCancel}>
          Cancel
        </button>
      </div>
      <ErrorBanner error={error} />
    </form>
  );
}
