// The resource standard: one defaults profile per (cloud account, environment). sre and admin
// edit a profile as JSON (provider, region, defaults, overridable, prices) and delete it; others
// read it. Server errors name the field they blame ("defaults.common.maintenance_window").
import { useState, type FormEvent } from 'react';
import { Link } from 'react-router-dom';
import * as api from '../../api';
import type { ApiError, ResourceProfile, ResourceProfileBody } from '../../api';
import { ErrorBanner, Field } from '../../components/Field';
import { Time } from '../../components/Time';
import { useLoad } from '../../hooks/useLoad';
import { useSubmit } from '../../hooks/useSubmit';
import { useSession } from '../../session';
import { isPlatformRole } from './resourcesUi';

/** The editable part of a profile, as the PUT body takes it. */
function editableJson(p: ResourceProfile | null): string {
  const body = p
    ? {
        provider: p.provider,
        region: p.region,
        defaults: p.defaults,
        overridable: p.overridable,
        prices: p.prices,
      }
    : { provider: 'local', region: '', defaults: {}, overridable: [], prices: {} };
  return JSON.stringify(body, null, 2);
}

/** A profile's error: the field it names, then the message. */
function ProfileError({ error }: { error: ApiError | null }) {
  if (!error) return null;
  return (
    <div className="flash flash-error" role="alert" data-testid="profile-error">
      {error.field ? (
        <>
          <code data-testid="profile-error-field">{error.field}</code>:{' '}
        </>
      ) : null}
      {error.message}
    </div>
  );
}

function ProfileEditor(props: {
  profile: ResourceProfile | null;
  onDone: () => void;
  onCancel: () => void;
}) {
  const { profile } = props;
  const [account, setAccount] = useState(profile?.account ?? '');
  const [environment, setEnvironment] = useState(profile?.environment ?? '');
  const [text, setText] = useState(() => editableJson(profile));
  const submit = useSubmit();

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    let body: ResourceProfileBody;
    try {
      body = JSON.parse(text) as ResourceProfileBody;
    } catch (err) {
      submit.setError(
        new api.ApiError(0, {
          code: 'invalid_json',
          message: `not JSON: ${(err as Error).message}`,
          field: 'profile',
        }),
      );
      return;
    }
    void submit.run(async () => {
      await api.putResourceProfile(account.trim(), environment.trim(), body);
      props.onDone();
    });
  };

  return (
    <form className="box form-box" onSubmit={onSubmit} data-testid="profile-editor">
      <div className="box-header">
        <h2>{profile ? `Edit ${profile.account}/${profile.environment}` : 'New profile'}</h2>
      </div>
      <div className="box-body">
        <ProfileError error={submit.error} />
        {profile ? null : (
          <div className="form-row">
            <Field name="account" label="Cloud account" error={submit.error}>
              {(p) => <input {...p} value={account} onChange={(e) => setAccount(e.target.value)} />}
            </Field>
            <Field name="environment" label="Environment" error={submit.error}>
              {(p) => (
                <input
                  {...p}
                  value={environment}
                  onChange={(e) => setEnvironment(e.target.value)}
                />
              )}
            </Field>
          </div>
        )}
        <label htmlFor="profile-json">Profile (JSON)</label>
        <textarea
          id="profile-json"
          className="form-control mono"
          rows={24}
          spellCheck={false}
          value={text}
          onChange={(e) => setText(e.target.value)}
        />
        <p className="note">
          <code>defaults</code> holds settings by kind (<code>redis</code>, <code>static-site</code>
          , <code>dynamodb</code>) and <code>common</code>; <code>overridable</code> lists what
          teams may change; <code>prices</code> is USD per month by kind and size. See
          docs/resources.md.
        </p>
      </div>
      <div className="box-footer">
        <button
          type="submit"
          className="btn btn-primary"
          disabled={submit.busy}
          data-testid="save-profile"
        >
          Save
        </button>{' '}
        <button type="button" className="btn" onClick={props.onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function DeleteProfile({ profile, onDone }: { profile: ResourceProfile; onDone: () => void }) {
  const [asking, setAsking] = useState(false);
  const submit = useSubmit();
  if (!asking) {
    return (
      <button className="btn btn-sm btn-danger" onClick={() => setAsking(true)}>
        Delete
      </button>
    );
  }
  return (
    <span className="inline-row">
      <ErrorBanner error={submit.error} />
      <span className="small">No new resources in {profile.environment} without a standard.</span>
      <button
        className="btn btn-sm btn-danger"
        disabled={submit.busy}
        data-testid="confirm-delete-profile"
        onClick={() =>
          void submit.run(async () => {
            await api.deleteResourceProfile(profile.account, profile.environment);
            onDone();
          })
        }
      >
        Delete {profile.account}/{profile.environment}
      </button>
      <button className="btn btn-sm" onClick={() => setAsking(false)}>
        Cancel
      </button>
    </span>
  );
}

function ProfileBox(props: {
  profile: ResourceProfile;
  canEdit: boolean;
  onEdit: () => void;
  onDeleted: () => void;
}) {
  const { profile: p } = props;
  return (
    <section
      className="box"
      data-testid="profile"
      data-account={p.account}
      data-environment={p.environment}
    >
      <div className="box-header box-header-actions">
        <h2>
          {p.account}/{p.environment} <span className="label">{p.provider}</span>{' '}
          {p.region ? <span className="muted small">region {p.region}</span> : null}
        </h2>
        {props.canEdit ? (
          <div className="inline-row">
            <button className="btn btn-sm" onClick={props.onEdit} data-testid="edit-profile">
              Edit
            </button>{' '}
            <DeleteProfile profile={p} onDone={props.onDeleted} />
          </div>
        ) : null}
      </div>
      <div className="box-body">
        <p className="small muted">
          Teams may change: {p.overridable.length ? p.overridable.join(', ') : 'nothing'} · set by{' '}
          {p.updated_by || '—'}{' '}
          {p.updated_at ? <Time value={new Date(p.updated_at).toISOString()} /> : null}
        </p>
        <pre className="plain-value" data-testid="profile-json">
          {JSON.stringify({ defaults: p.defaults, prices: p.prices }, null, 2)}
        </pre>
      </div>
    </section>
  );
}

export function ProfilesPage() {
  const { user } = useSession();
  const canEdit = isPlatformRole(user);
  const profiles = useLoad(() => api.listResourceProfiles(), 'resource-profiles');
  // The profile being edited: its "account/environment", "new", or null.
  const [editing, setEditing] = useState<string | null>(null);
  const items = profiles.data?.items ?? [];
  const keyOf = (p: ResourceProfile) => `${p.account}/${p.environment}`;
  const done = () => {
    setEditing(null);
    profiles.reload();
  };

  return (
    <div data-testid="profiles-page">
      <div className="breadcrumbs">
        <Link to="/resources">Resources</Link> / <span className="strong">The standard</span>
      </div>
      <div className="page-head">
        <h1>The resource standard</h1>
        {canEdit && editing === null ? (
          <button
            className="btn btn-primary"
            onClick={() => setEditing('new')}
            data-testid="new-profile"
          >
            New profile
          </button>
        ) : null}
      </div>
      <p className="muted">
        Every resource gets its settings from the profile of its cloud account and environment.
        {canEdit ? '' : ' Only sre and admin change them.'}
      </p>
      <ErrorBanner error={profiles.error} />
      {editing === 'new' ? (
        <ProfileEditor profile={null} onDone={done} onCancel={() => setEditing(null)} />
      ) : null}
      {items.map((p) =>
        editing === keyOf(p) ? (
          <ProfileEditor
            key={keyOf(p)}
            profile={p}
            onDone={done}
            onCancel={() => setEditing(null)}
          />
        ) : (
          <ProfileBox
            key={keyOf(p)}
            profile={p}
            canEdit={canEdit && editing === null}
            onEdit={() => setEditing(keyOf(p))}
            onDeleted={done}
          />
        ),
      )}
    </div>
  );
}
