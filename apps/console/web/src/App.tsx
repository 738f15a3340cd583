import { useEffect, useMemo, useState } from 'react';
import { createConsoleApi } from './api/console-api';
import { Console, type ConsoleContext } from './components/common';
import { Counter } from './screens/Counter';
import { ReturnsDesk } from './screens/ReturnsDesk';
import { SignIn } from './screens/SignIn';
import { Stock } from './screens/Stock';
import { WorkQueue } from './screens/WorkQueue';
import { loadSession, saveSession, takeTokenFromLocation, type Session } from './session';

const SCREENS = [
  { id: 'queue', label: 'Work queue', key: '1' },
  { id: 'counter', label: 'Counter', key: '2' },
  { id: 'returns', label: 'Returns', key: '3' },
  { id: 'stock', label: 'Stock', key: '4' },
] as const;
type ScreenId = (typeof SCREENS)[number]['id'];

/** `#/counter/<orderId>`: the screen, and what it opens with. */
function readRoute(): { screen: ScreenId; arg?: string } {
  const [, screen, arg] = window.location.hash.split('/');
  return {
    screen: SCREENS.some((s) => s.id === screen) ? (screen as ScreenId) : 'queue',
    arg: arg ? decodeURIComponent(arg) : undefined,
  };
}

export function App() {
  const [config, setConfig] = useState<{ devSignIn: boolean } | null>(null);
  const [handedToken] = useState(() => takeTokenFromLocation());
  const [session, setSession] = useState<Session | null>(() => loadSession());
  const [route, setRoute] = useState(readRoute);

  useEffect(() => {
    fetch('/console-config.json')
      .then((r) => r.json() as Promise<{ devSignIn: boolean }>)
      .then(setConfig, () => setConfig({ devSignIn: false }));
    const onHash = () => setRoute(readRoute());
    window.addEventListener('hashchange', onHash);
    // Alt+1..4 switches screens from anywhere, scanner input included.
    const onKey = (e: KeyboardEvent) => {
      const screen = e.altKey ? SCREENS.find((s) => s.key === e.key) : undefined;
      if (screen) {
        e.preventDefault();
        window.location.hash = `#/${screen.id}`;
      }
    };
    window.addEventListener('keydown', onKey);
    return () => {
      window.removeEventListener('hashchange', onHash);
      window.removeEventListener('keydown', onKey);
    };
  }, []);

  const context = useMemo<ConsoleContext | null>(() => {
    if (!session) return null;
    return {
      api: createConsoleApi(() => session.token),
      session,
      go: (screen, arg) => {
        window.location.hash = `#/${screen}${arg ? `/${encodeURIComponent(arg)}` : ''}`;
      },
    };
  }, [session]);

  const [storeName, setStoreName] = useState<string | null>(null);
  useEffect(() => {
    setStoreName(null);
    if (context)
      context.api.location(context.session.storeId).then(
        (l) => setStoreName(l.name),
        () => undefined,
      );
  }, [context]);

  const signIn = (s: Session) => {
    saveSession(s);
    setSession(s);
  };
  const signOut = () => {
    saveSession(null);
    setSession(null);
  };

  if (!config) return <main className="sign-in">Loading…</main>;
  if (!session || !context)
    return <SignIn devSignIn={config.devSignIn} onSignedIn={signIn} initialToken={handedToken ?? undefined} />;

  return (
    <Console.Provider value={context}>
      <header className="top">
        <nav aria-label="Screens">
          {SCREENS.map((s) => (
            <a
              key={s.id}
              href={`#/${s.id}`}
              aria-current={route.screen === s.id ? 'page' : undefined}
              title={`Alt+${s.key}`}
            >
              {s.label}
            </a>
          ))}
        </nav>
        <div className="who" data-store={session.storeId} data-role={session.role}>
          <strong>{storeName ?? session.storeId}</strong>
          {storeName && <span className="hint-light">{session.storeId}</span>} ·{' '}
          {session.role === 'store' ? 'Store associate' : 'Administrator'}
          <button type="button" className="secondary" onClick={signOut}>
            Sign out
          </button>
        </div>
      </header>
      <main key={`${route.screen}/${route.arg ?? ''}`}>
        {route.screen === 'queue' && <WorkQueue openOrderId={route.arg} />}
        {route.screen === 'counter' && <Counter initialQuery={route.arg} />}
        {route.screen === 'returns' && <ReturnsDesk />}
        {route.screen === 'stock' && <Stock />}
      </main>
    </Console.Provider>
  );
}
