import * as fs from 'node:fs';
import * as path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

// Debian's chromium, driven by playwright-core (`npx playwright install` cannot download browsers here);
// .ci/run installs it where it is missing.
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
];

export async function launchChromium(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM))
    throw new Error(`no browser at ${CHROMIUM}: apt-get install -y chromium (as .ci/run does), or set CHROMIUM_PATH`);
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: FLAGS });
}

/** Screenshots of each step, kept as the run's artifacts (gitignored). */
export class Screenshots {
  private n = 0;
  constructor(readonly dir: string) {
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir, { recursive: true });
  }

  async take(page: Page, name: string): Promise<string> {
    this.n += 1;
    const file = path.join(this.dir, `${String(this.n).padStart(2, '0')}-${name}.png`);
    await page.screenshot({ path: file, fullPage: true });
    return file;
  }
}

/** Waits until the element matched by `selector` shows `text` (the page updates itself; nothing reloads). */
export async function waitForText(
  page: Page,
  selector: string,
  text: string | RegExp,
  timeout = 20_000,
): Promise<void> {
  const [source, flags] = typeof text === 'string' ? [text, null] : [text.source, text.flags];
  await page.waitForFunction(
    ({ selector, source, flags }) => {
      const content = [...document.querySelectorAll(selector)].map((e) => e.textContent ?? '').join('\n');
      return flags === null ? content.includes(source) : new RegExp(source, flags).test(content);
    },
    { selector, source, flags },
    { timeout, polling: 50 },
  );
}
