// A deployment's details in a side drawer: its steps with times, the release it pinned, the
// manifests it applied and the diff against the previous deployment of the cluster.
import { useEffect } from 'react';
import * as api from '../../api';
import { Link } from 'react-router-dom';
import { ErrorBanner } from '../../components/Field';
import { Time } from '../../components/Time';
import { useLoad } from '../../hooks/useLoad';
import { shortDigest, StateBadge } from '../deployments/deployUi';
import { LoadedDiff } from './DeploymentDiffView';
import { YamlView } from './deployShared';
import { healthyState, logsLink } from './WorkloadsTab';

/** The drawer's tabs. */
export type DrawerView = 'steps' | 'manifests' | 'diff';

function Versions({ entries }: { entries: Record<string, number> | undefined }) {
  const list = Object.entries(entries ?? {});
  if (list.length === 0) return <span className="muted">none</span>;
  return (
    <>
      {list.map(([k, v], i) => (
        <span key={k}>
          {i > 0 ? ', ' : null}
          <code>{k}</code> v{v}
        </span>
      ))}
    </>
  );
}

/** A failed deployment's instances that are not healthy, each linking to its logs. */
function FailedInstances({ slug, id, cluster }: { slug: string; id: string; cluster: string }) {
  const workloads = useLoad(
    () => api.projectWorkloads(slug, cluster),
    `drawer-workloads:${slug}:${cluster}:${id}`,
  );
  const instances = (workloads.data?.items ?? [])
    .flatMap((c) => c.workloads)
    .flatMap((w) => w.instances)
    .filter((i) => i.deployment_id === id && !healthyState(i.state));
  if (instances.length === 0) return null;
  return (
    <>
      <dt>Instances</dt>
      <dd data-testid="drawer-failed-instances">
        {instances.map((i, n) => (
          <span key={i.name}>
            {n > 0 ? ', ' : null}
            <code>{i.name}</code> {i.state} ·{' '}
            <Link to={logsLink(slug, cluster, i.name)} data-testid="drawer-instance-logs">
              logs
            </Link>
          </span>
        ))}
      </dd>
    </>
  );
}

interface Props {
  slug: string;
  id: string;
  /** Bumped by the parent when deployments changed. */
  refreshKey: number;
  /** The open tab of the drawer, and how to change it (the parent keeps it in the URL). */
  view: DrawerView;
  onView: (view: DrawerView) => void;
  onClose: () => void;
}

export function DeploymentDrawer({ slug, id, refreshKey, view, onView: setView, onClose }: Props) {
  const detail = useLoad(() => api.getDeployment(slug, id), `deployment:${slug}:${id}`);
  const reloadDetail = detail.reload;
  useEffect(() => {
    if (refreshKey > 0) reloadDetail();
  }, [refreshKey, reloadDetail]);
  const diff = useLoad(
    () => (view === 'diff' ? api.deploymentDiff(slug, id) : Promise.resolve(null)),
    `deployment-diff:${slug}:${id}:${view}`,
  );
  const d = detail.data;

  return (
    <aside
      className="drawer"
      role="dialog"
      aria-label="Deployment"
      data-testid="deployment-drawer"
      data-id={id}
      data-view={view}
    >
      <div className="drawer-head">
        <strong>Deployment</strong> <code className="small">{id}</code>
        <button type="button" className="btn btn-sm" onClick={onClose} aria-label="Close">
          ✕
        </button>
      </div>
      <ErrorBanner error={detail.error} />
      {d ? (
        <div className="drawer-body">
          <dl className="props-row small">
            <dt>State</dt>
            <dd>
              <StateBadge state={d.state} />
              {d.error ? <span className="field-error"> {d.error}</span> : null}
            </dd>
            {d.state === 'failed' ? (
              <FailedInstances slug={slug} id={d.id} cluster={d.cluster} />
            ) : null}
            <dt>Where</dt>
            <dd>
              {d.environment} / {d.cluster} ({d.region}) · namespace <code>{d.namespace}</code>
            </dd>
            <dt>Artifact</dt>
            <dd className="mono" title={d.artifact.digest} data-testid="drawer-digest">
              {d.artifact.image}@{shortDigest(d.artifact.digest)}
              {d.artifact.git_sha ? ` (${d.artifact.git_sha.slice(0, 8)})` : ''}
            </dd>
            <dt>Spec</dt>
            <dd>v{d.spec_version}</dd>
            <dt>Config</dt>
            <dd>
              <Versions entries={d.config_versions} />
            </dd>
            <dt>Secrets</dt>
            <dd>
              <Versions entries={d.secret_versions} />
            </dd>
            <dt>Manifest hash</dt>
            <dd className="mono" title={d.manifest_hash}>
              {shortDigest(d.manifest_hash)}
            </dd>
            <dt>Requested</dt>
            <dd>
              {d.requester} · <Time value={d.created_at} />
              {d.reason ? <> · “{d.reason}”</> : null}
            </dd>
            <dt>Approved</dt>
            <dd>
              {d.approver ? (
                <>
                  {d.approver} · <Time value={d.approved_at} />
                </>
              ) : (
                <span className="muted">—</span>
              )}
            </dd>
            {d.rollback_of ? (
              <>
                <dt>Rollback of</dt>
                <dd>
                  <code>{d.rollback_of}</code>
                  {d.emergency ? <span className="label label-danger">emergency</span> : null}
                </dd>
              </>
            ) : null}
            <dt>Times</dt>
            <dd>
              queued <Time value={d.queued_at} /> · started <Time value={d.started_at} /> · finished{' '}
              <Time value={d.finished_at} />
            </dd>
          </dl>
          <div className="segmented" role="tablist" aria-label="Deployment view">
            {(['steps', 'manifests', 'diff'] as const).map((v) => (
              <button
                key={v}
                type="button"
                role="tab"
                aria-selected={view === v}
                className={view === v ? 'btn btn-sm selected' : 'btn btn-sm'}
                onClick={() => setView(v)}
              >
                {v === 'steps' ? 'Steps' : v === 'manifests' ? 'Manifests' : 'Diff vs previous'}
              </button>
            ))}
          </div>
          {view === 'steps' ? (
            <table className="table" data-testid="deployment-steps">
              <thead>
                <tr>
                  <th>Step</th>
                  <th>Done</th>
                  <th>Detail</th>
                </tr>
              </thead>
              <tbody>
                {(d.steps ?? []).map((s, i) => (
                  <tr key={`${s.name}:${i}`}>
                    <td>{s.name}</td>
                    <td>
                      <Time value={s.done_at} />
                    </td>
                    <td className="small">{s.detail}</td>
                  </tr>
                ))}
                {(d.steps ?? []).length === 0 ? (
                  <tr>
                    <td colSpan={3} className="muted">
                      No step recorded yet.
                    </td>
                  </tr>
                ) : null}
              </tbody>
            </table>
          ) : view === 'manifests' ? (
            d.manifests ? (
              <YamlView yaml={d.manifests} testId="deployment-manifests" />
            ) : (
              <div className="empty">No manifests recorded.</div>
            )
          ) : (
            <LoadedDiff diff={diff} testId="deployment-diff" />
          )}
        </div>
      ) : detail.loading ? (
        <div className="muted drawer-body">Loading…</div>
      ) : null}
    </aside>
  );
}
