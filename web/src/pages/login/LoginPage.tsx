import { useState, type FormEvent } from 'react';
import { useSearchParams } from 'react-router-dom';
import * as api from '../../api';
import type { User } from '../../api';
import { useSubmit } from '../../hooks/useSubmit';

interface LoginPageProps {
  onLoggedIn: (user: User, next: string) => void;
}

/** Only same-site paths are followed after login. */
function safeNext(next: string | null): string {
  if (!next || !next.startsWith('/') || next.startsWith('//')) return '/projects';
  return next;
}

export function LoginPage({ onLoggedIn }: LoginPageProps) {
  const [params] = useSearchParams();
  const [login, setLogin] = useState('');
  const [password, setPassword] = useState('');
  const { busy, error, run } = useSubmit();

  async function submit(e: FormEvent) {
    e.preventDefault();
    await run(async () => {
      const answer = await api.login(login.trim(), password);
      onLoggedIn(answer.user, safeNext(params.get('next')));
    });
  }

  const badLogin = error?.field === 'login';
  const badPassword = error?.field === 'password';
  return (
    <div className="login-page">
      <div className="login-brand">
        <svg width="40" height="40" viewBox="0 0 20 20" aria-hidden="true">
          <rect x="1" y="1" width="18" height="18" rx="4" fill="#1f2328" />
          <path d="M5 14 L10 5 L15 14" stroke="#fff" strokeWidth="2" fill="none" />
        </svg>
        <h1>Sign in to Paved</h1>
      </div>
      {error ? (
        <div className="flash flash-error" role="alert" data-testid="login-error">
          {error.message}
        </div>
      ) : null}
      <form className="login-box" onSubmit={submit} noValidate>
        <div className="form-group">
          <label htmlFor="login">Login</label>
          <input
            id="login"
            name="login"
            className={badLogin ? 'form-control is-invalid' : 'form-control'}
            autoComplete="username"
            autoFocus
            value={login}
            onChange={(e) => setLogin(e.target.value)}
          />
        </div>
        <div className="form-group">
          <label htmlFor="password">Password</label>
          <input
            id="password"
            name="password"
            type="password"
            className={badPassword ? 'form-control is-invalid' : 'form-control'}
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </div>
        <button type="submit" className="btn btn-primary btn-block" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </div>
  );
}
