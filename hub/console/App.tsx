import { useCallback, useEffect, useState } from 'react';
import { CONSOLE_ROUTES, Me } from '../pharmacy/console-api';
import { getJson, postJson, setUnauthorizedHandler } from './api-client';
import { LoginPage } from './pages/LoginPage';
import { Shell } from './Shell';

/** Who is signed in decides what shows: the login page, or the console. */
export function App() {
  const [me, setMe] = useState<Me | null | undefined>(undefined);
  const [expired, setExpired] = useState(false);

  useEffect(() => {
    setUnauthorizedHandler(() => {
      setExpired(true);
      setMe(null);
    });
    void getJson(CONSOLE_ROUTES.me, Me).then((r) => setMe(r.ok ? r.value : null));
  }, []);

  const signOut = useCallback(async () => {
    await postJson(CONSOLE_ROUTES.logout, {}, null);
    setExpired(false);
    setMe(null);
  }, []);

  if (me === undefined) {
    return (
      <main className="loading">
        <p role="status">Loading…</p>
      </main>
    );
  }
  if (me === null) {
    return (
      <LoginPage
        expired={expired}
        onSignedIn={(who) => {
          setExpired(false);
          setMe(who);
        }}
      />
    );
  }
  return <Shell me={me} onSignOut={signOut} />;
}
