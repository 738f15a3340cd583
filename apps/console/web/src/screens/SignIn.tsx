import { useEffect, useState, type FormEvent } from 'react';
import type { Problem } from '../api/types';
import { asProblem, ProblemNotice } from '../components/common';
import { readClaims, type Session } from '../session';

interface Store {
  id: string;
  name: string;
  city: string;
}

async function json<T>(res: Response): Promise<T> {
  const body = (await res.json().catch(() => null)) as T | Problem | null;
  if (!res.ok) throw Object.assign(new Error('request failed'), { problem: body });
  return body as T;
}

/**
 * Development: pick a store and a role, get a token from the console server's /dev/token.
 * Production (and always available): paste the bearer token your identity provider issued.
 */
export function SignIn({
  devSignIn,
  onSignedIn,
  initialToken,
}: {
  devSignIn: boolean;
  onSignedIn(session: Session): void;
  initialToken?: string;
}) {
  const [stores, setStores] = useState<Store[]>([]);
  const [storeId, setStoreId] = useState('');
  const [role, setRole] = useState<'store' | 'admin'>('store');
  const [token, setToken] = useState(initialToken ?? '');
  const [tokenStore, setTokenStore] = useState('');
  const [problem, setProblem] = useState<Problem | null>(null);
  const [tokenProblem, setTokenProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (!devSignIn) return;
    fetch('/dev/stores')
      .then((res) => json<Store[]>(res))
      .then((list) => {
        setStores(list);
        setStoreId((current) => current || list[0]?.id || '');
      })
      .catch((error: { problem?: Problem }) => setProblem(error.problem ?? asProblem(error)));
  }, [devSignIn]);

  const claims = token.trim() ? readClaims(token) : null;

  const signInDev = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setProblem(null);
    try {
      const res = await fetch('/dev/token', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ role, locations: role === 'store' ? [storeId] : [], channel: 'pos' }),
      });
      const { token: minted } = await json<{ token: string }>(res);
      const read = readClaims(minted);
      if (read.ok) onSignedIn({ token: minted, ...read.claims, storeId });
    } catch (error) {
      setProblem(
        (error as { problem?: Problem }).problem ?? { type: 'console:unreachable', title: 'No connection', status: 0 },
      );
    } finally {
      setBusy(false);
    }
  };

  const signInWithToken = (event: FormEvent) => {
    event.preventDefault();
    const read = readClaims(token);
    if (!read.ok) return setTokenProblem(read.reason);
    const store = read.claims.role === 'store' ? tokenStore || read.claims.locations[0] : tokenStore.trim();
    if (!store) return setTokenProblem('Type the id of the store you work at (an admin token names none).');
    onSignedIn({ token: token.trim(), ...read.claims, storeId: store });
  };

  return (
    <main className="sign-in">
      <h1>Store console</h1>
      {devSignIn && (
        <form onSubmit={signInDev} className="card" aria-label="Development sign-in">
          <h2>Sign in (development)</h2>
          <label>
            Store
            <select value={storeId} onChange={(e) => setStoreId(e.target.value)} name="store" autoFocus>
              {stores.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name}
                  {s.city ? `, ${s.city}` : ''} ({s.id})
                </option>
              ))}
            </select>
          </label>
          <fieldset>
            <legend>Role</legend>
            <label className="inline">
              <input type="radio" name="role" checked={role === 'store'} onChange={() => setRole('store')} /> Store
              associate
            </label>
            <label className="inline">
              <input type="radio" name="role" checked={role === 'admin'} onChange={() => setRole('admin')} />{' '}
              Administrator
            </label>
          </fieldset>
          <ProblemNotice problem={problem} />
          <button type="submit" disabled={busy || !storeId}>
            Sign in
          </button>
        </form>
      )}
      <form onSubmit={signInWithToken} className="card" aria-label="Sign in with a token">
        <h2>{devSignIn ? 'Or paste a token' : 'Sign in'}</h2>
        <p className="hint">Paste the sign-in token your company's login gave you.</p>
        <label>
          Token
          <textarea
            name="token"
            rows={4}
            value={token}
            onChange={(e) => (setToken(e.target.value), setTokenProblem(null))}
            autoFocus={!devSignIn}
          />
        </label>
        {claims?.ok && claims.claims.role === 'store' && claims.claims.locations.length > 1 && (
          <label>
            Store
            <select value={tokenStore || claims.claims.locations[0]} onChange={(e) => setTokenStore(e.target.value)}>
              {claims.claims.locations.map((l) => (
                <option key={l}>{l}</option>
              ))}
            </select>
          </label>
        )}
        {claims?.ok && claims.claims.role === 'admin' && (
          <label>
            Store you work at
            <input value={tokenStore} onChange={(e) => setTokenStore(e.target.value)} placeholder="e.g. s-001" />
          </label>
        )}
        {tokenProblem && (
          <div className="notice problem" role="alert">
            <strong>{tokenProblem}</strong>
          </div>
        )}
        <button type="submit" disabled={!token.trim()}>
          Sign in with token
        </button>
      </form>
    </main>
  );
}
