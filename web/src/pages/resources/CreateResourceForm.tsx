// The create form of the project's Resources tab: kind, name, environment (and account when
// several have a standard), the kind's fields, and the standard's settings for the chosen
// account and environment — each with its value and whether the team may change it. Errors the
// server names a field for are shown next to that field.
import { useMemo, useState, type FormEvent } from 'react';
import * as api from '../../api';
import type {
  ApiError,
  CreateResourceBody,
  CreatedResource,
  ResourceKind,
  ResourceProfile,
} from '../../api';
import { FormError } from '../../components/Field';
import { useSubmit } from '../../hooks/useSubmit';
import {
  kKindFields,
  kPlatformSettings,
  rememberAuthToken,
  showValue,
  standardValue,
} from './resourcesUi';
import { blames, controlClass, KindFieldControl, Row, specOf, type Values } from './specFields';

interface Props {
  slug: string;
  profiles: ResourceProfile[];
  onCancel: () => void;
  onCreated: (resource: CreatedResource) => void;
}

/** An override as typed: JSON when it parses (true, 7, ["a"]), text otherwise. */
function overrideValue(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function StandardSettings(props: {
  kind: string;
  profile: ResourceProfile | undefined;
  overrides: Values;
  setOverride: (name: string, value: string) => void;
  error: ApiError | null;
}) {
  const { kind, profile, overrides, setOverride, error } = props;
  if (!profile) return null;
  const settings = kPlatformSettings.filter((s) => !s.kind || s.kind === kind);
  return (
    <div className="box" data-testid="standard-settings">
      <div className="box-header">
        <h2>
          The standard in {profile.account}/{profile.environment}
        </h2>
      </div>
      <table className="table">
        <thead>
          <tr>
            <th>Setting</th>
            <th>Standard</th>
            <th>Team</th>
          </tr>
        </thead>
        <tbody>
          {settings.map((s) => {
            const may = profile.overridable.includes(s.name);
            const field = `overrides.${s.name}`;
            return (
              <tr key={s.name} data-setting={s.name} data-overridable={may ? 'yes' : 'no'}>
                <td className="mono">{s.name}</td>
                <td className="mono">{showValue(standardValue(profile, kind, s.name))}</td>
                <td>
                  {may ? (
                    <>
                      <input
                        aria-label={`Override ${s.name}`}
                        id={`field-${field}`}
                        className={controlClass(blames(error, field))}
                        placeholder="may override"
                        value={overrides[s.name] ?? ''}
                        onChange={(e) => setOverride(s.name, e.target.value)}
                      />
                      {blames(error, field) ? (
                        <p className="field-error" role="alert">
                          {error!.message}
                        </p>
                      ) : null}
                    </>
                  ) : (
                    <span className="muted">fixed by the standard</span>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

export function CreateResourceForm({ slug, profiles, onCancel, onCreated }: Props) {
  const environments = useMemo(
    () => [...new Set(profiles.map((p) => p.environment))].sort(),
    [profiles],
  );
  const [kind, setKind] = useState<ResourceKind>('redis');
  const [name, setName] = useState('');
  const [environment, setEnvironment] = useState(environments[0] ?? '');
  const [account, setAccount] = useState('');
  const [values, setValues] = useState<Values>({});
  const [overrides, setOverrides] = useState<Values>({});
  const submit = useSubmit();

  const accounts = profiles.filter((p) => p.environment === environment);
  const profile = accounts.find((p) => p.account === account) ?? accounts[0];
  const set = (field: string, value: string) => setValues((v) => ({ ...v, [field]: value }));
  const setOverride = (field: string, value: string) =>
    setOverrides((v) => ({ ...v, [field]: value }));

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const asked: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(overrides)) if (v.trim()) asked[k] = overrideValue(v);
    void submit.run(async () => {
      const created = await api.createResource(slug, {
        kind,
        name: name.trim(),
        environment,
        account: accounts.length > 1 ? profile?.account : undefined,
        // Free-form maps in the contract; the server checks each field.
        spec: specOf(kind, values) as CreateResourceBody['spec'],
        overrides: asked as CreateResourceBody['overrides'],
      });
      if (created.auth_token) rememberAuthToken(created.id, created.auth_token);
      onCreated(created);
    });
  };

  const error = submit.error;
  return (
    <form className="box form-box" onSubmit={onSubmit} data-testid="create-resource-form">
      <div className="box-header">
        <h2>New resource</h2>
      </div>
      <div className="box-body">
        <FormError error={error} />
        <div className="form-row">
          <Row field="kind" label="Kind" error={error}>
            {(invalid) => (
              <select
                id="field-kind"
                className={controlClass(invalid)}
                value={kind}
                onChange={(e) => {
                  setKind(e.target.value as ResourceKind);
                  setValues({});
                  setOverrides({});
                }}
              >
                {api.kResourceKinds.map((k) => (
                  <option key={k} value={k}>
                    {k}
                  </option>
                ))}
              </select>
            )}
          </Row>
          <Row field="name" label="Name" error={error} hint="1-40 of a-z, 0-9 and '-'">
            {(invalid) => (
              <input
                id="field-name"
                className={controlClass(invalid)}
                value={name}
                onChange={(e) => setName(e.target.value)}
                autoComplete="off"
              />
            )}
          </Row>
          <Row field="environment" label="Environment" error={error}>
            {(invalid) => (
              <select
                id="field-environment"
                className={controlClass(invalid)}
                value={environment}
                onChange={(e) => {
                  setEnvironment(e.target.value);
                  setAccount('');
                }}
              >
                {environments.map((env) => (
                  <option key={env} value={env}>
                    {env}
                  </option>
                ))}
              </select>
            )}
          </Row>
          {accounts.length > 1 ? (
            <Row field="account" label="Cloud account" error={error}>
              {(invalid) => (
                <select
                  id="field-account"
                  className={controlClass(invalid)}
                  value={profile?.account ?? ''}
                  onChange={(e) => setAccount(e.target.value)}
                >
                  {accounts.map((p) => (
                    <option key={p.account} value={p.account}>
                      {p.account} ({p.provider})
                    </option>
                  ))}
                </select>
              )}
            </Row>
          ) : null}
        </div>
        {environments.length === 0 ? (
          <div className="flash flash-warn">
            No environment has a resource standard yet: an sre or admin sets one first.
          </div>
        ) : null}
        <h3>{kind} settings</h3>
        {(kKindFields[kind] ?? []).map((f) => (
          <Row
            key={f.name}
            field={`spec.${f.name}`}
            label={f.label}
            error={error}
            hint={
              <span data-testid={`standard-${f.name}`}>
                Standard: {showValue(standardValue(profile, kind, f.name) ?? f.fallback)}; the team
                may choose
              </span>
            }
          >
            {(invalid) => (
              <KindFieldControl field={f} values={values} set={set} invalid={invalid} />
            )}
          </Row>
        ))}
        <StandardSettings
          kind={kind}
          profile={profile}
          overrides={overrides}
          setOverride={setOverride}
          error={error}
        />
      </div>
      <div className="box-footer">
        <button
          type="submit"
          className="btn btn-primary"
          disabled={submit.busy || !environment}
          data-testid="create-resource-submit"
        >
          Create
        </button>{' '}
        <button type="button" className="btn" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
