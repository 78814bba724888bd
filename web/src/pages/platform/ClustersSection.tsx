// Clusters: name, region, environment, runtime, endpoint, credentials reference, mesh, zones,
// Kubernetes version and the teams that may target it.
// sre/admin add, edit and delete; only admins see credentials and set endpoint or credentials.
import { useState, type FormEvent } from 'react';
import * as api from '../../api';
import type { Cluster, ClusterRuntime, Environment } from '../../api';
import { kClusterRuntimes } from '../../api';
import { ErrorBanner, Field, FormError } from '../../components/Field';
import { useLoad } from '../../hooks/useLoad';
import { useSubmit } from '../../hooks/useSubmit';

export function ClustersSection({ canEdit }: { canEdit: boolean }) {
  const clusters = useLoad(() => api.listClusters(), 'clusters');
  const envs = useLoad(() => api.listEnvironments(), 'environments');
  const [editing, setEditing] = useState<Cluster | 'new' | null>(null);
  const [error, setError] = useState<Error | null>(null);
  const items = clusters.data?.items ?? [];

  async function remove(name: string) {
    if (!window.confirm(`Delete cluster ${name}?`)) return;
    setError(null);
    try {
      await api.deleteCluster(name);
      clusters.reload();
    } catch (e) {
      setError(e as Error);
    }
  }

  return (
    <div className="box" data-testid="clusters">
      <div className="box-header box-header-actions">
        <h2>
          Clusters <span className="counter">{items.length}</span>
        </h2>
        {canEdit && editing === null ? (
          <button type="button" className="btn btn-sm" onClick={() => setEditing('new')}>
            Add cluster
          </button>
        ) : null}
      </div>
      <ErrorBanner error={clusters.error ?? envs.error ?? error} />
      {editing !== null ? (
        <ClusterForm
          initial={editing === 'new' ? null : editing}
          environments={envs.data?.items ?? []}
          onCancel={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            clusters.reload();
          }}
        />
      ) : null}
      <div className="scroll-x">
        <table className="table">
          <thead>
            <tr>
              <th>Name</th>
              <th>Environment</th>
              <th>Region</th>
              <th>Runtime</th>
              <th>Endpoint</th>
              <th>Credentials</th>
              <th>Mesh</th>
              <th>Zones</th>
              <th>Kubernetes</th>
              <th>Teams</th>
              <th className="actions" />
            </tr>
          </thead>
          <tbody>
            {items.map((c) => (
              <tr key={c.name} data-name={c.name}>
                <td className="mono">{c.name}</td>
                <td>{c.environment}</td>
                <td>{c.region || '—'}</td>
                <td>{c.runtime}</td>
                <td className="mono small">{c.endpoint || '—'}</td>
                <td className="mono small">
                  {c.credentials === undefined ? 'hidden' : c.credentials || '—'}
                </td>
                <td>{c.mesh || '—'}</td>
                <td className="small">{(c.zones ?? []).join(', ') || '—'}</td>
                <td className="small">{c.kubernetes_version || 'unknown (1.33)'}</td>
                <td className="small">{(c.teams ?? []).join(', ') || 'all'}</td>
                <td className="actions nowrap">
                  {canEdit ? (
                    <>
                      <button type="button" className="btn btn-sm" onClick={() => setEditing(c)}>
                        Edit
                      </button>{' '}
                      <button
                        type="button"
                        className="btn btn-sm btn-danger"
                        onClick={() => void remove(c.name)}
                      >
                        Delete
                      </button>
                    </>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

function ClusterForm(props: {
  initial: Cluster | null;
  environments: Environment[];
  onSaved: () => void;
  onCancel: () => void;
}) {
  const init = props.initial;
  const [name, setName] = useState(init?.name ?? '');
  const [environment, setEnvironment] = useState(
    init?.environment ?? props.environments[0]?.name ?? '',
  );
  const [region, setRegion] = useState(init?.region ?? '');
  const [runtime, setRuntime] = useState<ClusterRuntime>(init?.runtime ?? 'kubernetes');
  const [endpoint, setEndpoint] = useState(init?.endpoint ?? '');
  const [credentials, setCredentials] = useState(init?.credentials ?? '');
  const [mesh, setMesh] = useState<'' | 'istio'>(init?.mesh ?? '');
  const [zones, setZones] = useState((init?.zones ?? []).join(', '));
  const [teams, setTeams] = useState((init?.teams ?? []).join(', '));
  const [kubernetesVersion, setKubernetesVersion] = useState(init?.kubernetes_version ?? '');
  const { busy, error, run } = useSubmit();

  async function submit(e: FormEvent) {
    e.preventDefault();
    await run(async () => {
      const body: api.ClusterFields = {
        environment,
        region: region.trim(),
        runtime,
        mesh,
        zones: commaList(zones),
        teams: commaList(teams),
        kubernetes_version: kubernetesVersion.trim(),
      };
      // Only what changed: endpoint and credentials are the admins' to change.
      if (!init || endpoint.trim() !== init.endpoint) body.endpoint = endpoint.trim();
      if (!init || credentials.trim() !== (init.credentials ?? '')) {
        body.credentials = credentials.trim();
      }
      await api.putCluster(name.trim(), body);
      props.onSaved();
    });
  }

  return (
    <form className="inline-form" onSubmit={submit} aria-label="Cluster" noValidate>
      <FormError error={error} />
      <div className="form-row">
        <Field name="name" label="Name" error={error}>
          {(p) => (
            <input
              {...p}
              value={name}
              readOnly={!!init}
              onChange={(e) => setName(e.target.value)}
            />
          )}
        </Field>
        <Field name="environment" label="Environment" error={error}>
          {(p) => (
            <select {...p} value={environment} onChange={(e) => setEnvironment(e.target.value)}>
              {props.environments.some((x) => x.name === environment) ? null : (
                <option value={environment}>{environment || '—'}</option>
              )}
              {props.environments.map((x) => (
                <option key={x.name} value={x.name}>
                  {x.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field name="region" label="Region" error={error}>
          {(p) => <input {...p} value={region} onChange={(e) => setRegion(e.target.value)} />}
        </Field>
      </div>
      <div className="form-row">
        <Field name="runtime" label="Runtime" error={error}>
          {(p) => (
            <select
              {...p}
              value={runtime}
              onChange={(e) => setRuntime(e.target.value as ClusterRuntime)}
            >
              {kClusterRuntimes.map((r) => (
                <option key={r} value={r}>
                  {r}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field name="mesh" label="Mesh" error={error}>
          {(p) => (
            <select {...p} value={mesh} onChange={(e) => setMesh(e.target.value as '' | 'istio')}>
              <option value="">none</option>
              <option value="istio">istio</option>
            </select>
          )}
        </Field>
        <Field name="zones" label="Zones" error={error} hint="Comma-separated.">
          {(p) => <input {...p} value={zones} onChange={(e) => setZones(e.target.value)} />}
        </Field>
        <Field
          name="kubernetes_version"
          label="Kubernetes version"
          error={error}
          hint="e.g. 1.33; decides how services with traffic.locality are rendered. Empty = unknown, rendered as 1.33."
        >
          {(p) => (
            <input
              {...p}
              value={kubernetesVersion}
              onChange={(e) => setKubernetesVersion(e.target.value)}
            />
          )}
        </Field>
        <Field
          name="teams"
          label="Teams"
          error={error}
          hint="Team slugs whose projects may target it, comma-separated; empty = every team."
        >
          {(p) => <input {...p} value={teams} onChange={(e) => setTeams(e.target.value)} />}
        </Field>
      </div>
      <div className="form-row">
        <Field name="endpoint" label="Endpoint" error={error}>
          {(p) => <input {...p} value={endpoint} onChange={(e) => setEndpoint(e.target.value)} />}
        </Field>
        <Field
          name="credentials"
          label="Credentials reference"
          error={error}
          hint={
            init && init.credentials === undefined
              ? 'Hidden; only admins see and change it.'
              : 'env:PAVED_CLUSTER_<NAME>, file:<path> or a kubeconfig path; never the secret itself.'
          }
        >
          {(p) => (
            <input {...p} value={credentials} onChange={(e) => setCredentials(e.target.value)} />
          )}
        </Field>
      </div>
      <div className="inline-row">
        <button type="submit" className="btn btn-primary" disabled={busy}>
          Save
        </button>
        <button type="button" className="btn" onClick={props.onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function commaList(text: string): string[] {
  return text
    .split(',')
    .map((z) => z.trim())
    .filter(Boolean);
}
