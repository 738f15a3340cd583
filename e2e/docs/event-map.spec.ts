import * as fs from 'node:fs';
import * as path from 'node:path';
import { BLOCKS, currentText, ROOT, subscriptions, withBlock } from './event-map';

// The documents say who consumes what, and the code decides it: they must agree. After changing a
// handler, `EVENT_MAP_WRITE=1 npx jest e2e/docs --selectProjects unit` rewrites the generated blocks.
describe('the event map in README.md and docs/architecture.md', () => {
  const write = process.env.EVENT_MAP_WRITE === '1';

  it('finds the handlers of every service', () => {
    const consumers = new Set(subscriptions().map((s) => s.consumer));
    expect([...consumers].sort()).toEqual(['fulfilment', 'inventory', 'orders', 'returns', 'webhooks']);
  });

  it.each(BLOCKS.map((b) => [`${b.file}: ${b.start.trim()}`, b] as const))(
    '%s is what the handlers say',
    (_name, block) => {
      const file = path.join(ROOT, block.file);
      const document = fs.readFileSync(file, 'utf8');
      if (write) fs.writeFileSync(file, withBlock(document, block));
      const current = currentText(fs.readFileSync(file, 'utf8'), block);
      expect(current).not.toBeNull();
      // On a mismatch: the expected text is below; EVENT_MAP_WRITE=1 writes it.
      expect(current).toBe(block.render());
    },
  );
});

describe('the repository explains itself', () => {
  const documents = ['README.md', 'docs/architecture.md'];

  it.each(documents)('%s names only paths that exist in the repository', (document) => {
    const text = fs.readFileSync(path.join(ROOT, document), 'utf8');
    const named = [...text.matchAll(/`((?:apps|libs|e2e|tools|deploy|docs)\/[\w./-]+?)`/g)].map((m) => m[1]);
    const linked = [...text.matchAll(/\]\(((?!https?:|#)[^)\s]+)\)/g)].map((m) =>
      path.normalize(path.join(path.dirname(document), m[1].split('#')[0])),
    );
    expect(named.length).toBeGreaterThan(0);
    const missing = [...named, ...linked].filter(
      (p) => p.startsWith('..') || !fs.existsSync(path.join(ROOT, p.replace(/\/$/, ''))),
    );
    expect(missing).toEqual([]);
  });

  it('points at no document outside it (a clone has no ../shared)', () => {
    // The design and style notes this repository grew from are not part of it (split: this file does not name them itself).
    const notes = new RegExp(['ARCHITECTURE' + '\\.md', 'STYLE' + '\\.md'].join('|'));
    // A relative path that leaves the repository (an import of a folder inside it, such as apps/returns/src/shared, is fine).
    const leaves = (file: string, line: string) =>
      [...line.matchAll(/(?:\.\.\/)+[\w.-]*/g)].some((m) => {
        const to = path.resolve(ROOT, path.dirname(file), m[0]);
        return to !== ROOT && !to.startsWith(`${ROOT}${path.sep}`);
      });
    const outside = { test: (line: string, file = '.') => notes.test(line) || leaves(file, line) };
    const offenders: string[] = [];
    const walk = (dir: string) => {
      for (const entry of fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true })) {
        const relative = path.join(dir, entry.name);
        if (entry.isDirectory()) {
          if (!['node_modules', 'dist', '.infra', 'coverage', '.nx', '.git'].includes(entry.name)) walk(relative);
        } else if (/\.(ts|js|md|json|ya?ml|sh)$/.test(entry.name) && entry.name !== 'package-lock.json') {
          const lines = fs.readFileSync(path.join(ROOT, relative), 'utf8').split('\n');
          lines.forEach(
            (line, i) => outside.test(line, relative) && offenders.push(`${relative}:${i + 1}: ${line.trim()}`),
          );
        }
      }
    };
    for (const dir of ['apps', 'libs', 'e2e', 'tools', 'deploy', 'docs', '.ci'])
      if (fs.existsSync(path.join(ROOT, dir))) walk(dir);
    for (const file of ['README.md', 'package.json', 'docker-compose.yml', 'Dockerfile']) {
      if (fs.existsSync(path.join(ROOT, file)) && outside.test(fs.readFileSync(path.join(ROOT, file), 'utf8')))
        offenders.push(file);
    }
    expect(offenders).toEqual([]);
  });
});
