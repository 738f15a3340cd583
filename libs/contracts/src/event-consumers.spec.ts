// EVENT_CONSUMERS is found in the apps' sources, so the AsyncAPI document cannot drift from who really reads
// what: this fails when the committed table differs, and `UPDATE_EVENT_CONSUMERS=1 npx jest
// libs/contracts/src/event-consumers.spec.ts --selectProjects unit` writes it anew. It reads the four ways a
// service reads the log; a fifth (another `EventPattern(` form, a consumer of its own) fails it until taught here.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { EventDefinition } from './event-definition';
import { EVENT_CONSUMERS, type ConsumerKind, type EventConsumer } from './event-consumers';
import * as contracts from './index';
import { SERVICES } from './topics';

const ROOT = join(__dirname, '../../..');
const TABLE = join(__dirname, 'event-consumers.ts');
const BEGIN = '  // generated:begin\n';
const END = '  // generated:end\n';

const IDENTIFIER = String.raw`[A-Za-z_$][\w$]*`;
const HANDLER = new RegExp(String.raw`@EventPattern\(\s*(${IDENTIFIER})\.type\s*\)`, 'g');
const HANDLER_HERE = new RegExp(String.raw`^EventPattern\(\s*${IDENTIFIER}\.type\s*\)`);
// saga.handlers.ts makes one handler per event step of the table: `EventPattern(step.on.event.type)`.
const SAGA_HANDLERS = 'EventPattern(step.on.event.type)';
const SAGA_STEP = new RegExp(String.raw`\bonEvent\(\s*(${IDENTIFIER})\s*,`, 'g');
const LIVE_FEED_OF = new RegExp(String.raw`\bfeed\.of\(\s*(${IDENTIFIER})\s*\)`, 'g');

interface Found {
  consumer: EventConsumer;
  identifier: string;
  where: string;
}

function* sources(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) yield* sources(full);
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts')) yield full;
  }
}

const lineOf = (text: string, index: number) => text.slice(0, index).split('\n').length;

/** What each service's sources say it reads, and what they do that this scan does not understand. */
function scan(): { found: Found[]; unrecognised: string[] } {
  const found: Found[] = [];
  const unrecognised: string[] = [];
  for (const service of SERVICES) {
    const files = [...sources(join(ROOT, 'apps', service, 'src'))].map((file) => ({
      file: relative(ROOT, file),
      text: readFileSync(file, 'utf8'),
    }));
    const hasSaga = files.some(({ text }) => text.match(SAGA_STEP));
    for (const { file, text } of files) {
      const at = (index: number) => `${file}:${lineOf(text, index)}`;
      const add = (via: ConsumerKind, identifier: string, index: number, reader?: string) =>
        found.push({ consumer: { service, via, ...(reader ? { reader } : {}) }, identifier, where: at(index) });
      for (const m of text.matchAll(HANDLER)) add('handlers', m[1], m.index);
      for (const m of text.matchAll(SAGA_STEP)) add('saga', m[1], m.index);
      for (const m of text.matchAll(/EventPattern\(/g)) {
        const rest = text.slice(m.index);
        if (!HANDLER_HERE.test(rest) && !(hasSaga && rest.startsWith(SAGA_HANDLERS)))
          unrecognised.push(`${at(m.index)}: an EventPattern this scan cannot read`);
      }
      for (const m of text.matchAll(/new ChangelogReader\(/g)) {
        const options = text.slice(m.index, text.indexOf('});', m.index));
        const name = /\bname:\s*'([^']+)'/.exec(options)?.[1];
        const definitions = /\bdefinitions:\s*\[([^\]]*)\]/.exec(options)?.[1];
        if (!name || definitions === undefined)
          unrecognised.push(`${at(m.index)}: a ChangelogReader without a literal name and definitions list`);
        else
          for (const identifier of definitions
            .split(',')
            .map((d) => d.trim())
            .filter(Boolean))
            add('changelog', identifier, m.index, name);
      }
      const isLiveFeed = /\bclass LiveFeed\b/.test(text);
      if (/\bLiveFeed\b/.test(text) && !isLiveFeed)
        for (const m of text.matchAll(LIVE_FEED_OF)) add('live-feed', m[1], m.index);
      for (const m of text.matchAll(/\beventLog\.consume\(/g)) {
        if (!isLiveFeed)
          unrecognised.push(
            `${at(m.index)}: a consumer of its own, neither handlers, a ChangelogReader nor the LiveFeed`,
          );
      }
    }
  }
  return { found, unrecognised };
}

const isDefinition = (value: unknown): value is EventDefinition =>
  typeof (value as EventDefinition | undefined)?.type === 'string' &&
  typeof (value as EventDefinition).data === 'function';

const order: Record<ConsumerKind, number> = { handlers: 0, saga: 1, changelog: 2, 'live-feed': 3 };
const byService = (a: EventConsumer, b: EventConsumer) =>
  SERVICES.indexOf(a.service) - SERVICES.indexOf(b.service) ||
  order[a.via] - order[b.via] ||
  (a.reader ?? '').localeCompare(b.reader ?? '');

function consumersFound(found: readonly Found[]): { table: Record<string, EventConsumer[]>; unknown: string[] } {
  const exported = contracts as unknown as Record<string, unknown>;
  const table: Record<string, EventConsumer[]> = {};
  const unknown: string[] = [];
  for (const { consumer, identifier, where } of found) {
    const definition = exported[identifier];
    if (!isDefinition(definition)) {
      unknown.push(`${where}: ${identifier} is not an event definition exported by @omni/contracts`);
      continue;
    }
    const list = (table[definition.type] ??= []);
    if (!list.some((c) => byService(c, consumer) === 0)) list.push(consumer);
  }
  const sorted = Object.keys(table).sort();
  return { table: Object.fromEntries(sorted.map((type) => [type, table[type].sort(byService)])), unknown };
}

const literal = (c: EventConsumer) =>
  `{ service: '${c.service}', via: '${c.via}'${c.reader ? `, reader: '${c.reader}'` : ''} }`;
const generated = (table: Record<string, EventConsumer[]>) =>
  Object.entries(table)
    .map(([type, consumers]) => `  '${type}': [${consumers.map(literal).join(', ')}],\n`)
    .join('');

describe('EVENT_CONSUMERS', () => {
  const { found, unrecognised } = scan();
  const { table, unknown } = consumersFound(found);

  it('understands every way the apps read the log', () => {
    expect([...unrecognised, ...unknown]).toEqual([]);
  });

  it('finds the consumers it knows are there', () => {
    expect(table['orders.order-placed']).toEqual(
      expect.arrayContaining<EventConsumer>([
        { service: 'fulfilment', via: 'saga' },
        { service: 'returns', via: 'handlers' },
      ]),
    );
    expect(table['inventory.stock-level-snapshot']).toContainEqual<EventConsumer>({
      service: 'orders',
      via: 'changelog',
      reader: 'inventory-view',
    });
    expect(table['inventory.location-changed']).toContainEqual<EventConsumer>({
      service: 'inventory',
      via: 'live-feed',
    });
  });

  it('is the table the apps make (UPDATE_EVENT_CONSUMERS=1 rewrites it)', () => {
    const source = readFileSync(TABLE, 'utf8');
    const start = source.indexOf(BEGIN) + BEGIN.length;
    const stop = source.indexOf(END);
    expect(start).toBeGreaterThan(BEGIN.length - 1);
    expect(stop).toBeGreaterThanOrEqual(start);
    if (process.env.UPDATE_EVENT_CONSUMERS === '1' && source.slice(start, stop) !== generated(table)) {
      writeFileSync(TABLE, source.slice(0, start) + generated(table) + source.slice(stop));
      return;
    }
    expect(EVENT_CONSUMERS).toEqual(table);
    expect(source.slice(start, stop)).toBe(generated(table));
  });
});
