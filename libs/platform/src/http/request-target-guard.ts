import type { FieldError } from './problem-details';
import { inputProblem, keyFault, stringFault } from './input-limits';

/** One decoded path segment or query value; a longer one is no id, SKU or cursor of ours. */
export const MAX_TARGET_PART_LENGTH = 2_000;
export const MAX_QUERY_PARAMETERS = 50;

type Done = (error?: Error) => void;

/**
 * onRequest hook: the request target (path and query) under the rules bodies have. Every path
 * segment and query name and value must be valid percent-encoded UTF-8 (`%ED%A0%80`, a lone
 * surrogate, is not), hold no NUL and be of bounded length; a query name appears at most once and
 * is a plain name (a query parser would otherwise hand a handler an array for `?a=1&a=2`). Anything
 * else is a 400 problem before any handler, guard or pipe sees the request, so no path or query
 * parameter can reach a query as something Postgres refuses.
 */
export function requestTargetGuard(request: { url: string }, _reply: unknown, done: Done): void {
  const fault = requestTargetFault(request.url);
  done(fault ? inputProblem(fault, 'The request target') : undefined);
}

/** The first fault of a raw request target (path and query), or undefined. */
export function requestTargetFault(url: string): FieldError | undefined {
  const mark = url.indexOf('?');
  return pathFault(mark < 0 ? url : url.slice(0, mark)) ?? (mark < 0 ? undefined : queryFault(url.slice(mark + 1)));
}

/** The first fault of a raw path, or undefined. */
export function pathFault(path: string): FieldError | undefined {
  for (const segment of path.split('/')) {
    if (!segment) continue;
    const decoded = decodePart(segment);
    const fault =
      decoded === undefined ? 'is not valid percent-encoded UTF-8' : stringFault(decoded, MAX_TARGET_PART_LENGTH);
    if (fault) return { field: '(path)', message: `a path segment ${fault}` };
  }
  return undefined;
}

/** The first fault of a raw query string (after `?`), or undefined. */
export function queryFault(query: string): FieldError | undefined {
  const seen = new Set<string>();
  for (const pair of query.split('&')) {
    if (!pair) continue;
    const eq = pair.indexOf('=');
    const name = decodePart(eq < 0 ? pair : pair.slice(0, eq), true);
    if (name === undefined)
      return { field: '(query)', message: 'a query parameter name is not valid percent-encoded UTF-8' };
    const field = name.length > 64 || stringFault(name) ? '(query)' : name;
    const nameFault =
      keyFault(name) ?? (/[[\]]/.test(name) ? 'has brackets: the query takes plain name=value pairs' : undefined);
    if (nameFault) return { field, message: `the query parameter name ${nameFault}` };
    if (seen.has(name)) return { field, message: `${name} appears more than once` };
    seen.add(name);
    if (seen.size > MAX_QUERY_PARAMETERS)
      return { field: '(query)', message: `more than ${MAX_QUERY_PARAMETERS} query parameters` };
    const value = eq < 0 ? '' : decodePart(pair.slice(eq + 1), true);
    const valueFault =
      value === undefined ? 'is not valid percent-encoded UTF-8' : stringFault(value, MAX_TARGET_PART_LENGTH);
    if (valueFault) return { field, message: `${field} ${valueFault}` };
  }
  return undefined;
}

/** decodeURIComponent, which throws on a malformed escape or bytes that are not UTF-8; `+` is a space in a query. */
function decodePart(raw: string, plusIsSpace = false): string | undefined {
  try {
    return decodeURIComponent(plusIsSpace ? raw.replace(/\+/g, ' ') : raw);
  } catch {
    return undefined;
  }
}
