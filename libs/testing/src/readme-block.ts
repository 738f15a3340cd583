// README's generated blocks (the task states, the order line states, the error catalogue) are made
// from the code they document by a spec beside that code, so the document cannot drift from it.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const README = join(__dirname, '../../../README.md');

export interface ReadmeBlock {
  /** The block as README has it, markers included; undefined when README lacks its markers. */
  documented: string | undefined;
  /** The block as `text` makes it. */
  generated: string;
}

/**
 * README's block `name`, between `<!-- name:begin (generated from source) -->` and `<!-- name:end -->`,
 * and what it should read. With UPDATE_README=1 a block that differs is written anew first.
 */
export function readmeBlock(name: string, source: string, text: string): ReadmeBlock {
  const begin = `<!-- ${name}:begin (generated from ${source}) -->`;
  const end = `<!-- ${name}:end -->`;
  const generated = `${begin}\n${text}\n${end}`;
  const readme = readFileSync(README, 'utf8');
  const [start, stop] = [readme.indexOf(begin), readme.indexOf(end)];
  if (start === -1 || stop < start) return { documented: undefined, generated };
  const documented = readme.slice(start, stop + end.length);
  if (process.env.UPDATE_README === '1' && documented !== generated) {
    writeFileSync(README, readme.slice(0, start) + generated + readme.slice(stop + end.length));
    return { documented: generated, generated };
  }
  return { documented, generated };
}
