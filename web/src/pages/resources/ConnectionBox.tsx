// How to reach a ready resource: host, port (a static site: its URL), the variables a deploy gets,
// a command to connect (a local static site: to upload to it) —
// and, right after creating a Redis, its password in a full command and REDIS_URL, shown only
// while this page keeps it in memory.
import { useState } from 'react';
import type { Resource } from '../../api';
import { authTokenOf, forgetAuthToken } from './resourcesUi';

function CopyButton({ text, label }: { text: string; label: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <button
      type="button"
      className="btn btn-sm"
      aria-label={`Copy ${label}`}
      onClick={() => {
        void navigator.clipboard?.writeText(text).then(() => setCopied(true));
      }}
    >
      {copied ? 'Copied' : 'Copy'}
    </button>
  );
}

function CopyLine({ text, label, testId }: { text: string; label: string; testId: string }) {
  return (
    <div className="inline-row kv-row">
      <code className="mono" data-testid={testId}>
        {text}
      </code>{' '}
      <CopyButton text={text} label={label} />
    </div>
  );
}

function OneTimePassword(props: { resource: Resource; host: string; port: number }) {
  const { resource, host, port } = props;
  const [token, setToken] = useState(() => authTokenOf(resource.id));
  if (!token || resource.kind !== 'redis') return null;
  return (
    <div className="flash flash-warn" data-testid="one-time-password">
      <p>
        <strong>The password is shown only now.</strong> Paved keeps no copy it would show again:
        copy it if you need it outside a deploy. Deploys get it as <code>REDIS_URL</code> when
        paved.yaml lists the resource: <code>resources: [{resource.name}]</code>.
      </p>
      <CopyLine
        text={`redis-cli -h ${host} -p ${port} -a ${token}`}
        label="command with password"
        testId="full-command"
      />
      <CopyLine text={`redis://:${token}@${host}:${port}`} label="REDIS_URL" testId="redis-url" />
      <button
        type="button"
        className="btn btn-sm"
        onClick={() => {
          forgetAuthToken(resource.id);
          setToken(null);
        }}
      >
        I have saved it — hide
      </button>
    </div>
  );
}

export function ConnectionBox({ resource }: { resource: Resource }) {
  const connection = resource.connection;
  if (resource.status !== 'ready' || !connection) return null;
  const { host, port } = connection;
  return (
    <section className="box" data-testid="connection">
      <div className="box-header">
        <h2>Connection</h2>
      </div>
      <div className="box-body">
        {host && port !== undefined ? (
          <>
            <div className="kv-row">
              Host <code data-testid="connection-host">{host}</code>, port{' '}
              <code data-testid="connection-port">{port}</code>
            </div>
            <OneTimePassword resource={resource} host={host} port={port} />
          </>
        ) : null}
        {connection.url ? (
          <div className="kv-row">
            Site{' '}
            <a
              href={connection.url}
              target="_blank"
              rel="noopener noreferrer"
              data-testid="site-url"
            >
              {connection.url}
            </a>
          </div>
        ) : null}
        {connection.command && resource.kind === 'static-site' ? (
          <p className="note">Upload a directory (only changed files are sent):</p>
        ) : null}
        {connection.command ? (
          <CopyLine text={connection.command} label="command" testId="connection-command" />
        ) : null}
        {connection.env && connection.env.length > 0 ? (
          <table className="table" data-testid="connection-env">
            <thead>
              <tr>
                <th>Variable a deploy gets</th>
                <th>Value</th>
              </tr>
            </thead>
            <tbody>
              {connection.env.map((e) => (
                <tr key={e.name}>
                  <td className="mono">{e.name}</td>
                  <td className="mono">
                    {e.secret ? <span className="muted">secret</span> : (e.value ?? '')}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
        <p className="note">
          Apps get these through <code>resources: [{resource.name}]</code> in paved.yaml.
        </p>
      </div>
    </section>
  );
}
