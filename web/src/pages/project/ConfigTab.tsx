// The Config tab: the project's config sets per environment (key/values and files), each change
// a new version; history with the keys each version changed, and a diff between versions.
import { useEffect, useState, type FormEvent } from 'react';
import * as api from '../../api';
import type { ConfigDiff, ConfigHistoryEntry, ConfigVersion, KeyChanges, Project } from '../../api';
import { ErrorBanner, FormError } from '../../components/Field';
import { Time } from '../../components/Time';
import { useLoad } from '../../hooks/useLoad';
import { useSubmit } from '../../hooks/useSubmit';
import { canCreateProjects, useSession } from '../../session';
import { EnvPicker, firstEnv, usePlatform } from './deployShared';

export function ConfigTab({ project }: { project: Project }) {
  const slug = project.slug;
  const { user } = useSession();
  const canEdit = canCreateProjects(user);
  const platform = usePlatform();
  const [env, setEnv] = useState('');
  const [set, setSet] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);

  useEffect(() => {
    if (!env && platform.environments.length > 0) setEnv(firstEnv(platform.environments));
  }, [env, platform.environments]);

  const sets = useLoad(
    () => (env ? api.listConfigSets(slug, env) : Promise.resolve({ items: [], next_cursor: null })),
    `config-sets:${slug}:${env}`,
  );

  return (
    <div>
      <div className="filters">
        <EnvPicker
          environments={platform.environments}
          value={env}
          onChange={(e) => {
            setEnv(e);
            setSet(null);
            setCreating(false);
          }}
        />
      </div>
      <ErrorBanner error={platform.error ?? sets.error} />
      <div className="layout-sidebar">
        <div className="box" data-testid="config-sets">
          <div className="box-header box-header-actions">
            <h2>Config sets</h2>
            {canEdit && env ? (
              <button
                type="button"
                className="btn btn-sm"
                onClick={() => {
                  setCreating(true);
                  setSet(null);
                }}
              >
                New set
              </button>
            ) : null}
          </div>
          {(sets.data?.items ?? []).length === 0 ? (
            <div className="empty">No config sets in {env || 'this environment'}.</div>
          ) : (
            <ul className="side-list">
              {(sets.data?.items ?? []).map((s) => (
                <li key={s.set}>
                  <button
                    type="button"
                    className={s.set === set ? 'facet-value active' : 'facet-value'}
                    onClick={() => {
                      setSet(s.set);
                      setCreating(false);
                    }}
                    data-set={s.set}
                  >
                    <span className="facet-label">{s.set}</span>
                    <span className="counter">v{s.version}</span>
                  </button>
                </li>
              ))}
            </ul>
          )}
        </div>
        <div>
          {creating ? (
            <ConfigForm
              slug={slug}
              env={env}
              onCancel={() => setCreating(false)}
              onSaved={(v) => {
                setCreating(false);
                sets.reload();
                setSet(v.set ?? null);
              }}
            />
          ) : set ? (
            <ConfigSetView
              key={`${env}/${set}`}
              slug={slug}
              env={env}
              set={set}
              canEdit={canEdit}
              onSaved={() => sets.reload()}
            />
          ) : (
            <div className="box empty">Pick a config set to see its keys and history.</div>
          )}
        </div>
      </div>
    </div>
  );
}

interface SetViewProps {
  slug: string;
  env: string;
  set: string;
  canEdit: boolean;
  onSaved: () => void;
}

function ConfigSetView({ slug, env, set, canEdit, onSaved }: SetViewProps) {
  const [version, setVersion] = useState<number | undefined>(undefined);
  const [editing, setEditing] = useState(false);
  const shown = useLoad(
    () => api.getConfig(slug, env, set, version),
    `config:${slug}:${env}:${set}:${version ?? 'latest'}`,
  );
  const history = useLoad(
    () => api.configHistory(slug, env, set),
    `config-history:${slug}:${env}:${set}`,
  );
  const v = shown.data;

  return (
    <div data-testid="config-set" data-set={set}>
      <ErrorBanner error={shown.error} />
      {editing && v ? (
        <ConfigForm
          slug={slug}
          env={env}
          initial={v}
          onCancel={() => setEditing(false)}
          onSaved={() => {
            setEditing(false);
            setVersion(undefined);
            shown.reload();
            history.reload();
            onSaved();
          }}
        />
      ) : v ? (
        <div className="box">
          <div className="box-header box-header-actions">
            <h2>
              {set} <span className="muted small">version {v.version}</span>
            </h2>
            {canEdit && version === undefined ? (
              <button type="button" className="btn btn-sm" onClick={() => setEditing(true)}>
                Edit
              </button>
            ) : version !== undefined ? (
              <button type="button" className="btn btn-sm" onClick={() => setVersion(undefined)}>
                Show latest
              </button>
            ) : null}
          </div>
          <KeyValues data={v.data ?? {}} files={v.files ?? {}} />
          <div className="box-footer small muted">
            {v.author} · <Time value={v.created_at} />
            {v.message ? ` · ${v.message}` : ''}
          </div>
        </div>
      ) : null}
      <ConfigHistory
        slug={slug}
        env={env}
        set={set}
        items={history.data?.items ?? []}
        error={history.error}
        onShow={setVersion}
      />
    </div>
  );
}

function KeyValues(props: { data: Record<string, string>; files: Record<string, string> }) {
  const { data, files } = props;
  const keys = Object.keys(data).sort();
  const names = Object.keys(files).sort();
  return (
    <>
      {keys.length === 0 ? (
        <div className="empty">No keys.</div>
      ) : (
        <table className="table" data-testid="config-data">
          <thead>
            <tr>
              <th>Key</th>
              <th>Value</th>
            </tr>
          </thead>
          <tbody>
            {keys.map((k) => (
              <tr key={k} data-key={k}>
                <td className="mono">{k}</td>
                <td className="mono">{data[k]}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {names.map((n) => (
        <div key={n} className="box-body" data-file={n}>
          <div className="strong mono">{n}</div>
          <pre className="code-view">{files[n]}</pre>
        </div>
      ))}
    </>
  );
}

/** "added a, b · changed c · removed d" */
export function changesText(c?: KeyChanges): string {
  if (!c) return '';
  const parts: string[] = [];
  if (c.added?.length) parts.push(`added ${c.added.join(', ')}`);
  if (c.changed?.length) parts.push(`changed ${c.changed.join(', ')}`);
  if (c.removed?.length) parts.push(`removed ${c.removed.join(', ')}`);
  return parts.join(' · ');
}

interface HistoryProps {
  slug: string;
  env: string;
  set: string;
  items: ConfigHistoryEntry[];
  error: Error | null;
  onShow: (version: number) => void;
}

function ConfigHistory({ slug, env, set, items, error, onShow }: HistoryProps) {
  const [from, setFrom] = useState<number | null>(null);
  const [to, setTo] = useState<number | null>(null);
  const [diff, setDiff] = useState<ConfigDiff | null>(null);
  const [diffError, setDiffError] = useState<Error | null>(null);

  useEffect(() => {
    if (items.length === 0) return;
    setTo(items[0].version);
    setFrom(items[1]?.version ?? items[0].version);
    setDiff(null);
  }, [items]);

  async function compare() {
    if (from === null || to === null) return;
    setDiffError(null);
    try {
      setDiff(await api.configDiff(slug, env, set, from, to));
    } catch (e) {
      setDiffError(e as Error);
    }
  }

  const options = items.map((v) => (
    <option key={v.version} value={v.version}>
      version {v.version}
    </option>
  ));
  return (
    <div className="box" data-testid="config-history">
      <div className="box-header box-header-actions">
        <h2>History</h2>
        {items.length > 1 ? (
          <div className="inline-row">
            <select
              aria-label="From version"
              className="form-control"
              value={from ?? ''}
              onChange={(e) => setFrom(Number(e.target.value))}
            >
              {options}
            </select>
            <select
              aria-label="To version"
              className="form-control"
              value={to ?? ''}
              onChange={(e) => setTo(Number(e.target.value))}
            >
              {options}
            </select>
            <button type="button" className="btn btn-sm" onClick={() => void compare()}>
              Compare
            </button>
          </div>
        ) : null}
      </div>
      <ErrorBanner error={error ?? diffError} />
      {diff ? (
        <div className="box-body" data-testid="config-diff">
          <p className="small muted">
            Keys changed from version {diff.from} to version {diff.to}
          </p>
          {diff.changes.length === 0 ? (
            <div className="muted">No differences.</div>
          ) : (
            <table className="table">
              <tbody>
                {diff.changes.map((k) => (
                  <tr key={k.key} data-key={k.key}>
                    <td className="mono">{k.key}</td>
                    <td>
                      <span className={`label change-${k.change}`}>{k.change}</span>
                    </td>
                    <td className="mono diff-del-text">{k.from ?? ''}</td>
                    <td className="mono diff-add-text">{k.to ?? ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
      ) : null}
      <table className="table">
        <thead>
          <tr>
            <th className="num">Version</th>
            <th>Keys changed</th>
            <th>Message</th>
            <th>Author</th>
            <th className="col-time">Created</th>
            <th className="actions" />
          </tr>
        </thead>
        <tbody>
          {items.map((v) => (
            <tr key={v.version} data-version={v.version}>
              <td className="num">{v.version}</td>
              <td className="small">
                {changesText(v.changes) || <span className="muted">—</span>}
              </td>
              <td>{v.message || <span className="muted">—</span>}</td>
              <td>{v.author}</td>
              <td className="col-time">
                <Time value={v.created_at} />
              </td>
              <td className="actions">
                <button type="button" className="btn btn-sm" onClick={() => onShow(v.version)}>
                  Show
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

interface Row {
  key: string;
  value: string;
}

function rowsOf(map: Record<string, string> | undefined): Row[] {
  return Object.entries(map ?? {}).map(([key, value]) => ({ key, value }));
}

function mapOf(rows: Row[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const r of rows) if (r.key.trim()) out[r.key.trim()] = r.value;
  return out;
}

interface ConfigFormProps {
  slug: string;
  env: string;
  /** The version being edited; none for a new set. */
  initial?: ConfigVersion;
  onSaved: (v: ConfigVersion) => void;
  onCancel: () => void;
}

/** Edits a set's keys and files as a whole; saving makes a new version. */
function ConfigForm({ slug, env, initial, onSaved, onCancel }: ConfigFormProps) {
  const [name, setName] = useState(initial?.set ?? '');
  const [data, setData] = useState<Row[]>(() => {
    const rows = rowsOf(initial?.data);
    return rows.length > 0 ? rows : [{ key: '', value: '' }];
  });
  const [files, setFiles] = useState<Row[]>(() => rowsOf(initial?.files));
  const [message, setMessage] = useState('');
  const { busy, error, run } = useSubmit();

  async function submit(e: FormEvent) {
    e.preventDefault();
    await run(async () => {
      const v = await api.putConfig(slug, env, name.trim(), {
        data: mapOf(data),
        files: mapOf(files),
        message: message.trim() || undefined,
        expected_version: initial?.version ?? 0,
      });
      onSaved({ ...v, set: v.set ?? name.trim() });
    });
  }

  const update = (rows: Row[], setRows: (r: Row[]) => void, i: number, patch: Partial<Row>) =>
    setRows(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));

  return (
    <form className="box" onSubmit={submit} aria-label="Edit config set" noValidate>
      <div className="box-header">
        <h2>{initial ? `Edit ${initial.set} (${env})` : `New config set in ${env}`}</h2>
      </div>
      <div className="box-body">
        <FormError error={error} />
        {initial ? null : (
          <div className="form-group">
            <label htmlFor="config-set-name">Name</label>
            <input
              id="config-set-name"
              className="form-control"
              value={name}
              onChange={(e) => setName(e.target.value)}
            />
          </div>
        )}
        <div className="form-group">
          <label>Keys</label>
          {data.map((r, i) => (
            <div className="inline-row kv-row" key={i}>
              <input
                className="form-control mono"
                aria-label={`Key ${i + 1}`}
                placeholder="KEY"
                value={r.key}
                onChange={(e) => update(data, setData, i, { key: e.target.value })}
              />
              <input
                className="form-control mono"
                aria-label={`Value ${i + 1}`}
                placeholder="value"
                value={r.value}
                onChange={(e) => update(data, setData, i, { value: e.target.value })}
              />
              <button
                type="button"
                className="btn btn-sm"
                aria-label={`Remove key ${i + 1}`}
                onClick={() => setData(data.filter((_, j) => j !== i))}
              >
                ×
              </button>
            </div>
          ))}
          <button
            type="button"
            className="btn btn-sm"
            onClick={() => setData([...data, { key: '', value: '' }])}
          >
            Add key
          </button>
        </div>
        <div className="form-group">
          <label>Files</label>
          {files.map((r, i) => (
            <div className="kv-file" key={i}>
              <div className="inline-row">
                <input
                  className="form-control mono"
                  aria-label={`File name ${i + 1}`}
                  placeholder="file name"
                  value={r.key}
                  onChange={(e) => update(files, setFiles, i, { key: e.target.value })}
                />
                <button
                  type="button"
                  className="btn btn-sm"
                  onClick={() => setFiles(files.filter((_, j) => j !== i))}
                >
                  Remove file
                </button>
              </div>
              <textarea
                className="form-control mono"
                aria-label={`File content ${i + 1}`}
                rows={5}
                value={r.value}
                onChange={(e) => update(files, setFiles, i, { value: e.target.value })}
              />
            </div>
          ))}
          <button
            type="button"
            className="btn btn-sm"
            onClick={() => setFiles([...files, { key: '', value: '' }])}
          >
            Add file
          </button>
        </div>
        <div className="form-group">
          <label htmlFor="config-message">Message</label>
          <input
            id="config-message"
            className="form-control"
            value={message}
            onChange={(e) => setMessage(e.target.value)}
          />
        </div>
      </div>
      <div className="box-footer">
        <button type="submit" className="btn btn-primary" disabled={busy}>
          Save
        </button>
        <button type="button" className="btn" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
