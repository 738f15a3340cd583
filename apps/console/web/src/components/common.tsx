import { createContext, useCallback, useContext, useEffect, useRef, useState, type ReactNode } from 'react';
import type { ConsoleApi } from '../api/console-api';
import { ApiError, newIdempotencyKey } from '../api/http';
import type { Problem } from '../api/types';
import type { Session } from '../session';
import { problemInWords } from '../words/problems';

export interface ConsoleContext {
  api: ConsoleApi;
  session: Session;
  go(screen: string, arg?: string): void;
}

export const Console = createContext<ConsoleContext | null>(null);
export const useConsole = (): ConsoleContext => useContext(Console) as ConsoleContext;

export function asProblem(error: unknown): Problem {
  if (error instanceof ApiError) return error.problem;
  return { type: 'about:blank', title: 'Something went wrong', status: 0, detail: (error as Error)?.message };
}

/** An API problem in the associate's words; field errors for inputs on the screen are shown beside them instead. */
export function ProblemNotice({ problem, fields = {} }: { problem: Problem | null; fields?: Record<string, string> }) {
  if (!problem) return null;
  const words = problemInWords(problem, fields);
  return (
    <div className="notice problem" role="alert" data-problem={problem.type}>
      <strong>{words.headline}</strong>
      {words.advice && <p>{words.advice}</p>}
      {words.details.length > 0 && (
        <ul>
          {words.details.map((d) => (
            <li key={d}>{d}</li>
          ))}
        </ul>
      )}
    </div>
  );
}

export function FieldError({
  problem,
  field,
  fields,
}: {
  problem: Problem | null;
  field: string;
  fields: Record<string, string>;
}) {
  if (!problem) return null;
  const message = problemInWords(problem, fields).fields[field];
  return message ? <span className="field-error">{message}</span> : null;
}

export function Done({ children }: { children: ReactNode }) {
  return (
    <div className="notice done" role="status">
      {children}
    </div>
  );
}

/**
 * One submit button's call: busy while it runs, its problem kept until the next try. The same body
 * is sent with the same Idempotency-Key until it succeeds, so pressing again after a lost answer never
 * does it twice; a changed body gets a key of its own.
 */
export function useSubmit() {
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);
  const keys = useRef(new Map<string, string>());
  const run = useCallback(async <T,>(body: unknown, call: (key: string) => Promise<T>): Promise<T | undefined> => {
    const id = JSON.stringify(body ?? null);
    const key = keys.current.get(id) ?? newIdempotencyKey();
    keys.current.set(id, key);
    setBusy(true);
    try {
      const result = await call(key);
      keys.current.clear();
      setProblem(null);
      return result;
    } catch (error) {
      setProblem(asProblem(error));
      return undefined;
    } finally {
      setBusy(false);
    }
  }, []);
  return { busy, problem, setProblem, run };
}

/** Calls `load` now and again `intervalMs` after each answer, while the page is visible; the latest answer wins. */
export function usePolling<T>(load: (signal: AbortSignal) => Promise<T>, intervalMs: number, deps: unknown[]) {
  const [data, setData] = useState<T | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [at, setAt] = useState<number | null>(null);
  const [tick, setTick] = useState(0);
  useEffect(() => {
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const once = async () => {
      if (document.visibilityState !== 'hidden') {
        try {
          const value = await load(controller.signal);
          if (controller.signal.aborted) return;
          setData(value);
          setProblem(null);
          setAt(Date.now());
        } catch (error) {
          if (controller.signal.aborted) return;
          setProblem(asProblem(error));
        }
      }
      timer = setTimeout(once, intervalMs);
    };
    void once();
    return () => {
      controller.abort();
      clearTimeout(timer);
    };
  }, [...deps, tick]);
  return { data, problem, at, refresh: () => setTick((t) => t + 1) };
}
