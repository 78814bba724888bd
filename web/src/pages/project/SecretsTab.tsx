// The Secrets tab: secret names per environment with their version, author and time, a
// write-only form to set a value (never shown, never kept on the page), and each secret's
// history.
import { useEffect, useState, type FormEvent } from 'react';
import * as api from '../../api';
import type { Project } from '../../api';
import { ErrorBanner, Field, FormError } from '../../components/Field';
import { Time } from '../../components/Time';
import { useLoad } from '../../hooks/useLoad';
import { useSubmit } from '../../hooks/useSubmit';
import { canCreateProjects, useSession } from '../../session';
import { EnvPicker, firstEnv, usePlatform } from './deployShared';

export function SecretsTab({ project }: { project: Project }) {
  const slug = project.slug;
  const { user } = useSession();
  const canEdit = canCreateProjects(user);
  const platform = usePlatform();
  const [env, setEnv] = useState('');
  const [history, setHistory] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);

  useEffect(() => {
    if (!env && platform.environments.length > 0) setEnv(firstEnv(platform.environments));
  }, [env, platform.environments]);

  const secrets = useLoad(
    () => (env ? api.listSecrets(slug, env) : Promise.resolve({ items: [], next_cursor: null })),
    `secrets:${slug}:${env}`,
  );
  const items = secrets.data?.items ?? [];

  return (
    <div>
      <div className="filters">
        <EnvPicker
          environments={platform.environments}
          value={env}
          onChange={(e) => {
            setEnv(e);
            setHistory(null);
            setSaved(null);
          }}
        />
      </div>
      <ErrorBanner error={platform.error ?? secrets.error} />
      {saved ? (
        <div className="flash flash-success" role="status" data-testid="secret-saved">
          {saved}
        </div>
      ) : null}
      <div className="box" data-testid="secrets">
        <div className="box-header">
          <h2>
            Secrets in {env || '…'} <span className="counter">{items.length}</span>
          </h2>
        </div>
        {items.length === 0 ? (
          <div className="empty">No secrets in {env || 'this environment'}.</div>
        ) : (
          <table className="table">
            <thead>
              <tr>
                <th>Name</th>
                <th className="num">Version</th>
                <th>Set by</th>
                <th className="col-time">Updated</th>
                <th className="actions" />
              </tr>
            </thead>
            <tbody>
              {items.map((s) => (
                <tr key={s.name} data-name={s.name}>
                  <td className="mono">{s.name}</td>
                  <td className="num">{s.version}</td>
                  <td>{s.author}</td>
                  <td className="col-time">
                    <Time value={s.created_at} />
                  </td>
                  <td className="actions">
                    <button
                      type="button"
                      className="btn btn-sm"
                      onClick={() => setHistory(history === s.name ? null : s.name)}
                    >
                      History
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {canEdit && env ? (
          <SecretForm
            slug={slug}
            env={env}
            onSaved={(info) => {
              setSaved(`Secret ${info.name} set: version ${info.version}. The value is not shown.`);
              secrets.reload();
              if (history === info.name) setHistory(null);
            }}
          />
        ) : null}
      </div>
      {history ? (
        <SecretHistory key={`${env}/${history}`} slug={slug} env={env} name={history} />
      ) : null}
    </div>
  );
}

function SecretForm(props: { slug: string; env: string; onSaved: (info: api.SecretInfo) => void }) {
  const [name, setName] = useState('');
  const [value, setValue] = useState('');
  const [message, setMessage] = useState('');
  const { busy, error, run } = useSubmit();

  async function submit(e: FormEvent) {
    e.preventDefault();
    const sent = value;
    // The value leaves the page as soon as it is sent, whatever the answer.
    setValue('');
    await run(async () => {
      const info = await api.putSecret(props.slug, props.env, name.trim(), {
        value: sent,
        message: message.trim() || undefined,
      });
      setName('');
      setMessage('');
      props.onSaved({ ...info, name: info.name ?? name.trim() });
    });
  }

  return (
    <form className="inline-form" onSubmit={submit} aria-label="Set secret" noValidate>
      <FormError error={error} />
      <div className="form-row">
        <Field name="name" label="Name" error={error}>
          {(p) => (
            <input
              {...p}
              autoComplete="off"
              value={name}
              onChange={(e) => setName(e.target.value)}
            />
          )}
        </Field>
        <Field name="value" label="Value" error={error} hint="Write-only: never shown again.">
          {(p) => (
            <input
              {...p}
              type="password"
              autoComplete="new-password"
              value={value}
              onChange={(e) => setValue(e.target.value)}
            />
          )}
        </Field>
        <Field name="message" label="Message" error={error}>
          {(p) => <input {...p} value={message} onChange={(e) => setMessage(e.target.value)} />}
        </Field>
      </div>
      <button type="submit" className="btn btn-primary" disabled={busy}>
        Set secret
      </button>
    </form>
  );
}

function SecretHistory({ slug, env, name }: { slug: string; env: string; name: string }) {
  const history = useLoad(
    () => api.secretHistory(slug, env, name),
    `secret-history:${slug}:${env}:${name}`,
  );
  const items = history.data?.items ?? [];
  return (
    <div className="box" data-testid="secret-history" data-name={name}>
      <div className="box-header">
        <h2>
          History of <span className="mono">{name}</span>
        </h2>
      </div>
      <ErrorBanner error={history.error} />
      <table className="table">
        <thead>
          <tr>
            <th className="num">Version</th>
            <th>Change</th>
            <th>Message</th>
            <th>Author</th>
            <th>Key</th>
            <th className="col-time">Created</th>
          </tr>
        </thead>
        <tbody>
          {items.map((v) => (
            <tr key={v.version}>
              <td className="num">{v.version}</td>
              <td>
                <span className="label">value changed</span>
              </td>
              <td>{v.message || <span className="muted">—</span>}</td>
              <td>{v.author}</td>
              <td className="mono small">{v.key_id}</td>
              <td className="col-time">
                <Time value={v.created_at} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
