// Who consumes what, read from the code: every @EventPattern handler and every ChangelogReader in
// apps/<service>/src. The README's and docs/architecture.md's event maps are generated from this
// (event-map.spec.ts fails when they disagree with it, and rewrites them with EVENT_MAP_WRITE=1).
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as contracts from '@omni/contracts';
import {
  changelogTopicOf,
  CHANGELOGS,
  EDGE_SERVICES,
  SERVICES,
  topicOf,
  type AppName,
  type ChangelogName,
  type EventDefinition,
  type ServiceName,
} from '@omni/contracts';

export const ROOT = path.resolve(__dirname, '../..');

/** One subscription of a service: an event type it handles, or a changelog it projects. */
export interface Subscription {
  consumer: AppName;
  /** The topic it reads (unprefixed). */
  topic: string;
  /** The service that publishes that topic. */
  publisher: ServiceName;
  /** The event type (for a changelog reader, the state records of that changelog). */
  what: string;
  /** Where, relative to the repository: `apps/…/x.handlers.ts`. */
  file: string;
}

const definitions = new Map(
  Object.entries(contracts as Record<string, unknown>).filter((entry): entry is [string, EventDefinition] =>
    isDefinition(entry[1]),
  ),
);

function isDefinition(value: unknown): value is EventDefinition {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as EventDefinition).type === 'string' &&
    typeof (value as EventDefinition).source === 'string'
  );
}

function* sources(dir: string): Generator<string> {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* sources(full);
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts')) yield full;
  }
}

/** A saga step's `onEvent(X, ...)` read as the `@EventPattern(X.type)` it becomes. */
const asPattern = (m: RegExpMatchArray): RegExpMatchArray =>
  Object.assign([m[0], `${m[1]}.type`], { index: m.index }) as unknown as RegExpMatchArray;

const lineOf = (text: string, index: number) => text.slice(0, index).split('\n').length;

/** The event type an @EventPattern argument names: `Definition.type` or a string literal; anything else is an error. */
function patternType(argument: string, where: string): string {
  const byName = /^(\w+)\.type$/.exec(argument);
  if (byName) {
    const definition = definitions.get(byName[1]);
    if (!definition)
      throw new Error(`${where}: @EventPattern(${argument}) names no event definition exported by @omni/contracts`);
    return definition.type;
  }
  const literal = /^(['"`])([\w.-]+)\1$/.exec(argument);
  if (literal) return literal[2];
  throw new Error(
    `${where}: cannot read @EventPattern(${argument}); name the definition (X.type) or the type as a string`,
  );
}

/** Every service that may consume: the topic owners, then the edge services (they own no topic). */
const CONSUMERS: readonly AppName[] = [...SERVICES, ...EDGE_SERVICES];

export function subscriptions(root = ROOT): Subscription[] {
  const found: Subscription[] = [];
  for (const consumer of CONSUMERS) {
    const src = path.join(root, 'apps', consumer, 'src');
    for (const file of sources(src)) {
      const text = fs.readFileSync(file, 'utf8');
      const relative = path.relative(root, file).split(path.sep).join('/');
      // A handler, or an event step of a saga table (`onEvent(X, ...)`: saga.handlers.ts makes its handler from it).
      for (const match of [
        ...text.matchAll(/@EventPattern\(\s*([^)]*?)\s*\)/g),
        ...[...text.matchAll(/\bonEvent\(\s*(\w+)\s*,/g)].map(asPattern),
      ]) {
        const type = patternType(match[1], `${relative}:${lineOf(text, match.index ?? 0)}`);
        const publisher = contracts.sourceOfEventType(type);
        if (!SERVICES.includes(publisher)) throw new Error(`${relative}: ${type} names no service`);
        found.push({ consumer, topic: contracts.topicOfEventType(type, ''), publisher, what: type, file: relative });
      }
      for (const match of text.matchAll(/new ChangelogReader\(/g)) {
        const call = text.slice(match.index ?? 0, (match.index ?? 0) + 600);
        const list = /changelogs:\s*\[([^\]]*)\]/.exec(call);
        const names = list ? [...list[1].matchAll(/['"]([\w-]+)['"]/g)].map((m) => m[1]) : [];
        if (!names.length || names.some((n) => !(n in CHANGELOGS))) {
          throw new Error(
            `${relative}:${lineOf(text, match.index ?? 0)}: cannot read the changelogs of this ChangelogReader (a literal list of changelog names)`,
          );
        }
        for (const name of names as ChangelogName[]) {
          const records = [...definitions.values()].filter((d) => d.changelog === name).map((d) => d.type);
          for (const what of new Set(records))
            found.push({
              consumer,
              topic: changelogTopicOf(name, ''),
              publisher: CHANGELOGS[name],
              what,
              file: relative,
            });
        }
      }
    }
  }
  return found;
}

const order = (s: AppName) => CONSUMERS.indexOf(s);
const topicRank = (topic: string) => (topic.includes('.changelog.') ? 1 : 0);

/** Rows of (topic, consumer), in service order, the event topic before its changelogs. */
function rows(subs: readonly Subscription[]) {
  const byRow = new Map<
    string,
    { topic: string; publisher: ServiceName; consumer: AppName; what: Set<string>; files: Set<string> }
  >();
  for (const s of subs) {
    const key = `${s.topic}\u0000${s.consumer}`;
    const row = byRow.get(key) ?? {
      topic: s.topic,
      publisher: s.publisher,
      consumer: s.consumer,
      what: new Set<string>(),
      files: new Set<string>(),
    };
    row.what.add(s.what);
    row.files.add(s.file);
    byRow.set(key, row);
  }
  return [...byRow.values()].sort(
    (a, b) =>
      order(a.publisher) - order(b.publisher) ||
      topicRank(a.topic) - topicRank(b.topic) ||
      a.topic.localeCompare(b.topic) ||
      order(a.consumer) - order(b.consumer),
  );
}

const code = (items: Iterable<string>) =>
  [...items]
    .sort()
    .map((i) => `\`${i}\``)
    .join(', ');

/** The README's table: which service reads which topic, and what of it. */
export function readmeTable(subs = subscriptions()): string {
  return [
    '| publisher | topic | consumed by | what it handles |',
    '|---|---|---|---|',
    ...rows(subs).map((r) => `| ${r.publisher} | \`${r.topic}\` | ${r.consumer} | ${code(r.what)} |`),
  ].join('\n');
}

/** The README's flowchart edges: topic node -> consuming services. */
export function readmeEdges(subs = subscriptions()): string {
  const topicNode: Record<ServiceName, string> = {
    inventory: 'tinv',
    orders: 'tord',
    fulfilment: 'tful',
    returns: 'tret',
  };
  const serviceNode: Record<AppName, string> = {
    inventory: 'inv',
    orders: 'ord',
    fulfilment: 'ful',
    returns: 'ret',
    webhooks: 'wh',
  };
  return SERVICES.flatMap((publisher) => {
    const consumers = [
      ...new Set(
        subs.filter((s) => s.publisher === publisher && s.topic === topicOf(publisher, '')).map((s) => s.consumer),
      ),
    ].sort((a, b) => order(a) - order(b));
    return consumers.length
      ? [`  ${topicNode[publisher]} --> ${consumers.map((c) => serviceNode[c]).join(' & ')}`]
      : [];
  }).join('\n');
}

/** docs/architecture.md's table: the same, with the files that hold the handlers. */
export function handlersTable(subs = subscriptions()): string {
  return [
    '| topic | consumed by | what it handles | handled in |',
    '|---|---|---|---|',
    ...rows(subs).map((r) => `| \`${r.topic}\` | ${r.consumer} | ${code(r.what)} | ${code(r.files)} |`),
  ].join('\n');
}

/** A generated block of a document: the text between `start` and `end` marker lines. */
export interface Block {
  file: string;
  start: string;
  end: string;
  render(): string;
}

export const BLOCKS: readonly Block[] = [
  {
    file: 'README.md',
    start: '<!-- event-map:table (generated: e2e/docs/event-map.ts) -->',
    end: '<!-- /event-map:table -->',
    render: () => readmeTable(),
  },
  {
    file: 'README.md',
    start: '  %% event-map:edges (generated: e2e/docs/event-map.ts)',
    end: '  %% /event-map:edges',
    render: () => readmeEdges(),
  },
  {
    file: 'docs/architecture.md',
    start: '<!-- event-map:handlers (generated: e2e/docs/event-map.ts) -->',
    end: '<!-- /event-map:handlers -->',
    render: () => handlersTable(),
  },
];

/** Where a block's text lies in a document (after its start marker's line, up to its end marker's line), or null. */
function span(document: string, block: Block): { from: number; to: number } | null {
  const start = document.indexOf(`${block.start}\n`);
  if (start < 0) return null;
  const from = start + block.start.length + 1;
  const end = document.indexOf(`${block.end}\n`, from);
  return end < 0 || (end > from && document[end - 1] !== '\n') ? null : { from, to: end };
}

/** The text between a block's markers, or null when the markers are missing. */
export function currentText(document: string, block: Block): string | null {
  const at = span(document, block);
  return at ? document.slice(at.from, at.to).replace(/\n$/, '') : null;
}

/** The document with the block's text rendered anew between its markers. */
export function withBlock(document: string, block: Block): string {
  const at = span(document, block);
  if (!at) throw new Error(`${block.file} has no "${block.start}" ... "${block.end}" markers`);
  return `${document.slice(0, at.from)}${block.render()}\n${document.slice(at.to)}`;
}
