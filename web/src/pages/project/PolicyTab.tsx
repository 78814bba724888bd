// The Policy tab: findings of the policy checker on the rendered manifests of one environment
// and cluster, grouped by severity, and the project's exceptions (the unpaved road).
import { useEffect, useState, type FormEvent } from 'react';
import * as api from '../../api';
import type { PolicyFinding, PolicyException, Project } from '../../api';
import { Field, FormError, ErrorBanner } from '../../components/Field';
import { Time } from '../../components/Time';
import { useLoad } from '../../hooks/useLoad';
import { useSubmit } from '../../hooks/useSubmit';
import { canManageTeams, useSession } from '../../session';
import { ClusterPicker, clustersOf, EnvPicker, firstEnv, usePlatform } from './deployShared';

const kSeverityOrder = ['error', 'warning'];

/** Findings by severity: errors first, then warnings, then anything else. */
function bySeverity(findings: PolicyFinding[]): [string, PolicyFinding[]][] {
  const groups = new Map<string, PolicyFinding[]>();
  for (const f of findings) groups.set(f.severity, [...(groups.get(f.severity) ?? []), f]);
  const rank = (s: string) => {
    const i = kSeverityOrder.indexOf(s);
    return i < 0 ? kSeverityOrder.length : i;
  };
  return [...groups].sort((a, b) => rank(a[0]) - rank(b[0]) || a[0].localeCompare(b[0]));
}

export function exceptionState(e: PolicyException): 'active' | 'revoked' | 'expired' {
  if (e.revoked_at) return 'revoked';
  return e.active ? 'active' : 'expired';
}

export function PolicyTab({ project }: { project: Project }) {
  const slug = project.slug;
  const { user } = useSession();
  const canApprove = canManageTeams(user);
  const platform = usePlatform(slug);
  const [env, setEnv] = useState('');
  const [cluster, setCluster] = useState('');

  useEffect(() => {
    if (!env && platform.environments.length > 0) setEnv(firstEnv(platform.environments));
  }, [env, platform.environments]);

  const policy = useLoad(
    () => api.projectPolicy(slug, { env: env || undefined, cluster: cluster || undefined }),
    `policy:${slug}:${env}:${cluster}`,
  );
  const exceptions = useLoad(() => api.listPolicyExceptions(slug), `exceptions:${slug}`);
  const p = policy.data;

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
      <ErrorBanner error={policy.error} />
      {p ? (
        <div data-testid="policy-findings">
          {p.blocking ? (
            <div className="flash flash-error" role="status" data-testid="policy-blocking">
              <strong>Blocking:</strong> errors on {p.cluster} ({p.environment}) stop a deploy until
              they are fixed or excepted.
            </div>
          ) : (
            <div className="flash flash-success" role="status">
              Nothing blocks a deploy to {p.cluster} ({p.environment}).
            </div>
          )}
          {p.findings.length === 0 ? (
            <div className="box empty">No findings.</div>
          ) : (
            bySeverity(p.findings).map(([severity, findings]) => (
              <FindingGroup key={severity} severity={severity} findings={findings} />
            ))
          )}
        </div>
      ) : policy.loading ? (
        <div className="muted">Checking…</div>
      ) : null}
      <ExceptionsBox
        slug={slug}
        items={exceptions.data?.items ?? []}
        error={exceptions.error}
        canApprove={canApprove}
        onChanged={() => {
          exceptions.reload();
          policy.reload();
        }}
        suggestions={[...new Set((p?.findings ?? []).map((f) => f.rule))]}
      />
    </div>
  );
}

function FindingGroup({ severity, findings }: { severity: string; findings: PolicyFinding[] }) {
  return (
    <div className="box" data-severity={severity}>
      <div className="box-header">
        <h2>
          <span className={severity === 'error' ? 'sev sev-error' : 'sev sev-warning'}>
            {severity}
          </span>
          <span className="counter">{findings.length}</span>
        </h2>
      </div>
      <ul className="findings">
        {findings.map((f, i) => (
          <li key={i} data-rule={f.rule} className={f.excepted ? 'excepted' : undefined}>
            <div>
              <code className="action">{f.rule}</code> <span className="strong">{f.object}</span>{' '}
              {f.path ? <code className="muted">{f.path}</code> : null}
              {f.excepted ? <span className="label label-lead">excepted</span> : null}
            </div>
            <div>{f.message}</div>
            {f.how_to_fix ? <div className="note">How to fix: {f.how_to_fix}</div> : null}
          </li>
        ))}
      </ul>
    </div>
  );
}

interface ExceptionsBoxProps {
  slug: string;
  items: PolicyException[];
  error: Error | null;
  canApprove: boolean;
  onChanged: () => void;
  suggestions: string[];
}

function ExceptionsBox(props: ExceptionsBoxProps) {
  const { slug, items, error, canApprove, onChanged, suggestions } = props;
  const [adding, setAdding] = useState(false);
  const [actionError, setActionError] = useState<Error | null>(null);

  async function revoke(id: string) {
    setActionError(null);
    try {
      await api.revokePolicyException(slug, id);
      onChanged();
    } catch (e) {
      setActionError(e as Error);
    }
  }

  return (
    <div className="box" data-testid="policy-exceptions">
      <div className="box-header box-header-actions">
        <h2>
          Exceptions <span className="counter">{items.length}</span>
        </h2>
        {canApprove && !adding ? (
          <button type="button" className="btn btn-sm" onClick={() => setAdding(true)}>
            Add exception
          </button>
        ) : null}
      </div>
      <ErrorBanner error={error ?? actionError} />
      {adding ? (
        <ExceptionForm
          slug={slug}
          suggestions={suggestions}
          onCancel={() => setAdding(false)}
          onSaved={() => {
            setAdding(false);
            onChanged();
          }}
        />
      ) : null}
      {items.length === 0 ? (
        <div className="empty">No exceptions: this project is on the paved road.</div>
      ) : (
        <table className="table">
          <thead>
            <tr>
              <th>Rule</th>
              <th>Reason</th>
              <th>Approved by</th>
              <th className="col-time">Expires</th>
              <th>State</th>
              <th className="actions" />
            </tr>
          </thead>
          <tbody>
            {items.map((e) => {
              const state = exceptionState(e);
              return (
                <tr key={e.id} data-state={state}>
                  <td>
                    <code>{e.rule}</code>
                  </td>
                  <td>{e.reason}</td>
                  <td>{e.approved_by}</td>
                  <td className="col-time">
                    <Time value={e.expires_at} />
                  </td>
                  <td>
                    <span
                      className={state === 'active' ? 'label label-production' : 'label'}
                      title={state === 'revoked' ? `by ${e.revoked_by ?? '?'}` : undefined}
                    >
                      {state}
                    </span>
                  </td>
                  <td className="actions">
                    {canApprove && state === 'active' ? (
                      <button
                        type="button"
                        className="btn btn-sm btn-danger"
                        onClick={() => void revoke(e.id)}
                      >
                        Revoke
                      </button>
                    ) : null}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </div>
  );
}

function ExceptionForm(props: {
  slug: string;
  suggestions: string[];
  onSaved: () => void;
  onCancel: () => void;
}) {
  const [rule, setRule] = useState(props.suggestions[0] ?? '');
  const [reason, setReason] = useState('');
  const [duration, setDuration] = useState('30d');
  const { busy, error, run } = useSubmit();

  async function submit(e: FormEvent) {
    e.preventDefault();
    await run(async () => {
      await api.createPolicyException(props.slug, {
        rule: rule.trim(),
        reason: reason.trim(),
        duration: duration.trim(),
      });
      props.onSaved();
    });
  }

  return (
    <form className="inline-form" onSubmit={submit} aria-label="Add exception" noValidate>
      <FormError error={error} />
      <div className="form-row">
        <Field name="rule" label="Rule" error={error}>
          {(p) => (
            <>
              <input
                {...p}
                list="exception-rules"
                value={rule}
                onChange={(e) => setRule(e.target.value)}
              />
              <datalist id="exception-rules">
                {props.suggestions.map((r) => (
                  <option key={r} value={r} />
                ))}
              </datalist>
            </>
          )}
        </Field>
        <Field name="duration" label="Duration" error={error} hint="e.g. 7d, 30d; at most 90d.">
          {(p) => <input {...p} value={duration} onChange={(e) => setDuration(e.target.value)} />}
        </Field>
      </div>
      <Field name="reason" label="Reason" error={error}>
        {(p) => <input {...p} value={reason} onChange={(e) => setReason(e.target.value)} />}
      </Field>
      <div className="inline-row">
        <button type="submit" className="btn btn-primary" disabled={busy}>
          Approve exception
        </button>
        <button type="button" className="btn" onClick={props.onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
