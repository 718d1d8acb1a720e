import { useState, type FormEvent } from 'react';
import { CONSOLE_ROUTES, Me } from '../../pharmacy/console-api';
import { postJson } from '../api-client';
import { Field } from '../components/Field';
import { OutcomeMessage, type Outcome } from '../components/Outcome';

export function LoginPage({
  expired,
  onSignedIn,
}: {
  expired: boolean;
  onSignedIn: (me: Me) => void;
}) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>(
    expired ? { kind: 'error', message: 'Your session ended. Please sign in again.' } : undefined,
  );

  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    setBusy(true);
    const r = await postJson(CONSOLE_ROUTES.login, { username, password }, Me);
    setBusy(false);
    setPassword('');
    if (r.ok) onSignedIn(r.value);
    else setOutcome({ kind: 'error', message: r.message });
  };

  return (
    <main className="login" data-page="login">
      <h1>OpenDispense pharmacist console</h1>
      <form
        className="card login__form"
        onSubmit={(e) => void submit(e)}
        aria-describedby="login-help"
      >
        <h2>Sign in</h2>
        <p id="login-help">
          Use your pharmacist account. After 5 wrong passwords the account is locked for 15 minutes.
        </p>
        <Field
          label="User name"
          name="username"
          autoComplete="username"
          required
          value={username}
          onChange={(e) => setUsername(e.target.value)}
        />
        <Field
          label="Password"
          name="password"
          type="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
        <button type="submit" className="button button--primary" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
        <OutcomeMessage outcome={outcome} />
      </form>
    </main>
  );
}
