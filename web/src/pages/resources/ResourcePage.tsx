// One resource: status, its journal (followed live while a creation or deletion runs), the
// provider's live state, the effective settings and where each came from, connection info, and
// for those allowed: change its fields, delete with its name typed, and deletion protection.
import { useEffect, useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router-dom';
import * as api from '../../api';
import type { ApiError, Resource, ResourceDetail } from '../../api';
import { ErrorBanner, Field, FormError } from '../../components/Field';
import { NotFoundPage } from '../../components/NotFoundPage';
import { Time } from '../../components/Time';
import { useSubmit } from '../../hooks/useSubmit';
import { useSession } from '../../session';
import { ChangeForm } from './ChangeForm';
import { ConnectionBox } from './ConnectionBox';
import {
  canChangeResources,
  formatPrice,
  forgetAuthToken,
  isPlatformRole,
  isSettled,
  ResourceStatus,
  showValue,
} from './resourcesUi';

/**
 * The resource, read once and then followed over its stream while it is not settled.
 * `replace` takes an answer of an action (e.g. a delete), which starts following again.
 */
function useFollowedResource(id: string) {
  const [detail, setDetail] = useState<ResourceDetail | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [streaming, setStreaming] = useState(false);

  useEffect(() => {
    let live = true;
    setDetail(null);
    api
      .getResource(id)
      .then((d) => live && setDetail(d))
      .catch((e: ApiError) => live && setError(e));
    return () => {
      live = false;
    };
  }, [id]);

  const settled = detail ? isSettled(detail.status) : true;
  useEffect(() => {
    if (settled) return;
    setStreaming(true);
    const close = api.subscribeResource(id, {
      onEvent: (d) => {
        setDetail(d);
        if (isSettled(d.status)) {
          close();
          setStreaming(false);
        }
      },
      // The browser tries again on its own; meanwhile the page reads the resource once, so a
      // stream that cannot open (e.g. too many open) does not leave a stale status.
      onError: () => {
        api
          .getResource(id)
          .then(setDetail)
          .catch(() => {});
      },
    });
    return () => {
      close();
      setStreaming(false);
    };
  }, [id, settled]);

  const replace = (r: Resource) => setDetail((d) => (d ? { ...d, ...r } : d));
  return { detail, error, streaming, replace };
}

function Journal({ detail, streaming }: { detail: ResourceDetail; streaming: boolean }) {
  return (
    <section className="box" data-testid="journal">
      <div className="box-header">
        <h2>
          Journal <span className="counter">{detail.journal.length}</span>{' '}
          {streaming ? (
            <span className="live-badge" data-testid="journal-live">
              live
            </span>
          ) : null}
        </h2>
      </div>
      {detail.journal.length === 0 ? (
        <div className="empty">No step has started yet.</div>
      ) : (
        <table className="table">
          <thead>
            <tr>
              <th className="num">#</th>
              <th>Saga</th>
              <th>Step</th>
              <th>Event</th>
              <th>Detail</th>
              <th className="col-time">At</th>
            </tr>
          </thead>
          <tbody>
            {detail.journal.map((e) => (
              <tr
                key={e.seq}
                data-testid="journal-entry"
                data-step={e.step}
                data-event={e.event}
                data-saga={e.saga}
              >
                <td className="num">{e.seq}</td>
                <td>{e.saga}</td>
                <td className="mono">{e.step}</td>
                <td>{e.event}</td>
                <td className="small">
                  {e.detail}
                  {e.provider_id ? <span className="muted mono"> {e.provider_id}</span> : null}
                </td>
                <td className="col-time">
                  <Time value={e.at} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function Settings({ resource }: { resource: Resource }) {
  const entries = Object.entries(resource.effective ?? {});
  return (
    <section className="box" data-testid="effective-settings">
      <div className="box-header">
        <h2>Settings</h2>
      </div>
      <table className="table">
        <thead>
          <tr>
            <th>Setting</th>
            <th>Value</th>
            <th>From</th>
          </tr>
        </thead>
        <tbody>
          {entries.map(([name, v]) => (
            <tr key={name} data-setting={name}>
              <td className="mono">{name}</td>
              <td className="mono">{showValue(v.value)}</td>
              <td>{v.source === 'team' ? 'the team' : 'the standard'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function LiveState({ live }: { live: ResourceDetail['live'] }) {
  const state = showValue(live?.state);
  return (
    <section className="box" data-testid="live-state">
      <div className="box-header">
        <h2>
          Live: <span data-testid="live-state-value">{state}</span>
        </h2>
      </div>
      <pre className="plain-value box-body">{JSON.stringify(live ?? {}, null, 2)}</pre>
    </section>
  );
}

function DeleteForm({ resource, onDone }: { resource: Resource; onDone: (r: Resource) => void }) {
  const [open, setOpen] = useState(false);
  const [typed, setTyped] = useState('');
  const submit = useSubmit();
  if (!open) {
    return (
      <button
        className="btn btn-danger"
        onClick={() => setOpen(true)}
        data-testid="delete-resource"
      >
        Delete
      </button>
    );
  }
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    void submit.run(async () => {
      const deleted = await api.deleteResource(resource.id, typed);
      forgetAuthToken(resource.id);
      setOpen(false);
      onDone(deleted);
    });
  };
  return (
    <form className="box form-box" onSubmit={onSubmit} data-testid="delete-form">
      <div className="box-body">
        <FormError error={submit.error} />
        <Field
          name="confirm"
          label={`Type ${resource.name} to delete it and everything in it`}
          error={submit.error}
        >
          {(p) => (
            <input
              {...p}
              value={typed}
              onChange={(e) => setTyped(e.target.value)}
              autoComplete="off"
            />
          )}
        </Field>
        <button
          type="submit"
          className="btn btn-danger"
          disabled={submit.busy || typed !== resource.name}
          data-testid="confirm-delete"
        >
          Delete {resource.name}
        </button>{' '}
        <button type="button" className="btn" onClick={() => setOpen(false)}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function ProtectionForm({
  resource,
  onDone,
}: {
  resource: Resource;
  onDone: (r: Resource) => void;
}) {
  const [reason, setReason] = useState('');
  const submit = useSubmit();
  const on = resource.deletion_protection;
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    void submit.run(async () => {
      onDone(await api.setDeletionProtection(resource.id, !on, reason));
      setReason('');
    });
  };
  return (
    <form className="inline-form" onSubmit={onSubmit} data-testid="protection-form">
      <FormError error={submit.error} />
      <Field name="reason" label="Reason" error={submit.error}>
        {(p) => <input {...p} value={reason} onChange={(e) => setReason(e.target.value)} />}
      </Field>
      <button type="submit" className="btn" disabled={submit.busy} data-testid="toggle-protection">
        {on ? 'Lift deletion protection' : 'Protect from deletion'}
      </button>
    </form>
  );
}

function Actions({ resource, onDone }: { resource: Resource; onDone: (r: Resource) => void }) {
  const { user } = useSession();
  if (resource.status === 'deleted' || resource.status === 'deleting') return null;
  const canDelete = canChangeResources(user, resource.owner_team);
  return (
    <section className="box" data-testid="resource-actions">
      <div className="box-body">
        <p>
          Deletion protection:{' '}
          <strong data-testid="protection">{resource.deletion_protection ? 'on' : 'off'}</strong>
        </p>
        {isPlatformRole(user) ? <ProtectionForm resource={resource} onDone={onDone} /> : null}
        {canDelete && resource.status === 'ready' ? (
          <ChangeForm resource={resource} onDone={onDone} />
        ) : null}{' '}
        {canDelete && !resource.deletion_protection && isSettled(resource.status) ? (
          <DeleteForm resource={resource} onDone={onDone} />
        ) : null}
        {canDelete && resource.deletion_protection && !isPlatformRole(user) ? (
          <p className="note" data-testid="protected-note">
            Protected from deletion: an sre or admin lifts the protection first.
          </p>
        ) : null}
      </div>
    </section>
  );
}

export function ResourcePage() {
  const { id = '' } = useParams();
  const { detail, error, streaming, replace } = useFollowedResource(id);
  if (error?.status === 404) return <NotFoundPage what="resource" />;
  if (error) return <ErrorBanner error={error} />;
  if (!detail) return <div className="muted">Loading…</div>;
  return (
    <div data-testid="resource-page">
      <div className="breadcrumbs">
        <Link to="/resources">Resources</Link> /{' '}
        <Link to={`/projects/${detail.project}?tab=resources`}>{detail.project}</Link> /{' '}
        <span className="strong">{detail.name}</span>
      </div>
      <div className="page-head">
        <h1 className="title-with-badges">
          <span data-testid="resource-name">{detail.name}</span>
          <ResourceStatus status={detail.status} />
        </h1>
        <span className="muted">
          {detail.kind} in {detail.environment} ({detail.account}, {detail.provider}) ·{' '}
          {formatPrice(detail)}
        </span>
      </div>
      {detail.status_detail ? (
        <div
          className={detail.status === 'failed' ? 'flash flash-error' : 'flash'}
          data-testid="status-detail"
        >
          {detail.status_detail}
        </div>
      ) : null}
      <ConnectionBox resource={detail} />
      <Actions resource={detail} onDone={replace} />
      <Journal detail={detail} streaming={streaming} />
      <LiveState live={detail.live} />
      <Settings resource={detail} />
    </div>
  );
}
