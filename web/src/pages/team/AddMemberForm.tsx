import { useEffect, useState, type FormEvent } from 'react';
import * as api from '../../api';
import { FormError } from '../../components/Field';
import { useSubmit } from '../../hooks/useSubmit';

interface AddMemberFormProps {
  slug: string;
  onAdded: () => void;
}

/** Adds a user to the team by login; suggests logins when the caller may list users. */
export function AddMemberForm({ slug, onAdded }: AddMemberFormProps) {
  const [login, setLogin] = useState('');
  const [logins, setLogins] = useState<string[]>([]);
  const { busy, error, run } = useSubmit();

  useEffect(() => {
    api
      .listUsers({ limit: 500 })
      .then((page) => setLogins(page.items.map((u) => u.login)))
      .catch(() => setLogins([]));
  }, []);

  async function submit(e: FormEvent) {
    e.preventDefault();
    await run(async () => {
      await api.addTeamMember(slug, login.trim());
      setLogin('');
      onAdded();
    });
  }

  const invalid = error?.field === 'login';
  return (
    <form className="inline-form" onSubmit={submit} noValidate aria-label="Add member">
      <div className="inline-row">
        <input
          name="login"
          aria-label="Login"
          placeholder="Add a member by login"
          list="user-logins"
          className={invalid ? 'form-control is-invalid' : 'form-control'}
          value={login}
          onChange={(e) => setLogin(e.target.value)}
        />
        <datalist id="user-logins">
          {logins.map((l) => (
            <option key={l} value={l} />
          ))}
        </datalist>
        <button type="submit" className="btn" disabled={busy || !login.trim()}>
          Add member
        </button>
      </div>
      {invalid ? (
        <p className="field-error" role="alert">
          {error!.message}
        </p>
      ) : (
        <FormError error={error} />
      )}
    </form>
  );
}
