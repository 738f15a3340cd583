import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { readmeBlock } from '@omni/testing';
import { PROBLEM_CATALOGUE, PROBLEMS, problemOfStatus, problemOfType, type ProblemType } from './problems';

const ROOT = join(__dirname, '../../..');
const SCANNED = ['apps', 'libs', 'e2e', 'tools'];
const SKIPPED = new Set(['node_modules', 'dist', 'migrations']);
const CATALOGUE_FILE = 'libs/contracts/src/problems.ts';

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return SKIPPED.has(e.name) ? [] : sourceFiles(path);
    return /\.(ts|js)$/.test(e.name) ? [path] : [];
  });
}

const cell = (text: string) => text.replaceAll('|', '\\|');
const row = (p: ProblemType) =>
  `| \`${p.type.replace('urn:omni:problem:', '')}\` | ${p.status} | ${cell(p.title)} | ${cell(p.when)} | ${cell(p.action)} |`;
const catalogueTable = () =>
  [
    '| type (`urn:omni:problem:…`) | status | title | when | what to do |',
    '|---|---|---|---|---|',
    ...PROBLEM_CATALOGUE.map(row),
  ].join('\n');

const files = SCANNED.flatMap((d) => sourceFiles(join(ROOT, d))).map((path) => ({
  path: relative(ROOT, path),
  text: readFileSync(path, 'utf8'),
}));

describe('error catalogue', () => {
  it('lists every urn:omni:problem: type the code and its tests use (a typo or an uncatalogued type fails here)', () => {
    const uncatalogued = files.flatMap(({ path, text }) =>
      [...text.matchAll(/urn:omni:problem:[a-z0-9][a-z0-9-]*/g)]
        .map((m) => m[0])
        .filter((type) => !problemOfType(type))
        .map((type) => `${path}: ${type}`),
    );
    expect(files.length).toBeGreaterThan(100);
    expect(uncatalogued).toEqual([]);
  });

  it('has no entry that nothing throws', () => {
    const code = files
      .filter((f) => f.path !== CATALOGUE_FILE && !f.path.endsWith('.spec.ts'))
      .map((f) => f.text)
      .join('\n');
    const unused = Object.keys(PROBLEMS).filter((key) => !new RegExp(`PROBLEMS\\.${key}\\b`).test(code));
    expect(unused).toEqual([]);
  });

  it('gives each entry its own type, an error status, a title and both texts', () => {
    expect(new Set(PROBLEM_CATALOGUE.map((p) => p.type)).size).toBe(PROBLEM_CATALOGUE.length);
    for (const p of PROBLEM_CATALOGUE) {
      expect(p.type).toMatch(/^urn:omni:problem:[a-z][a-z0-9-]*$/);
      expect(p.status).toBeGreaterThanOrEqual(400);
      expect(p.status).toBeLessThan(600);
      expect([p.title, p.when, p.action].every((text) => text.length > 0)).toBe(true);
    }
  });

  it('keeps "not yet" and "not yours" apart', () => {
    expect(PROBLEMS.orderUnknown.type).not.toBe(PROBLEMS.notFound.type);
    expect([PROBLEMS.orderUnknown.status, PROBLEMS.notFound.status]).toEqual([404, 404]);
  });

  // `UPDATE_README=1 npx jest libs/contracts/src/problems.spec.ts` writes the table anew.
  it('is the table README "Error catalogue" shows', () => {
    const { documented, generated } = readmeBlock('problems', CATALOGUE_FILE, catalogueTable());
    expect(documented).toBe(generated);
  });

  it('answers a bare status with its generic entry', () => {
    expect(problemOfStatus(400)).toBe(PROBLEMS.invalidRequest);
    expect(problemOfStatus(404)).toBe(PROBLEMS.notFound);
    expect(problemOfStatus(503)).toBe(PROBLEMS.retryable);
    expect(problemOfStatus(418)).toBeUndefined();
  });
});
