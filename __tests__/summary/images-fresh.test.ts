// Issue 17 item 5: the images in docs/images are made from today's output. Each image's Markdown is kept beside it;
// when the summary or the reports page changes, this fails until `node scripts/render-images.js` is run again.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../../cli/main';

const { SOURCES, IMAGES_DIR } = require('../../scripts/render-images.js') as { SOURCES: { name: string; args: string[] }[]; IMAGES_DIR: string };

describe.each(SOURCES.map((s) => [s.name, s]))('docs/images/%s.png', (name, source) => {
  it('was made from the Markdown the CLI writes today (else run scripts/render-images.js)', async () => {
    const out: string[] = [];
    await runCli(source.args, { out: (l) => out.push(l), err: () => undefined, env: {} });
    expect(`${out.join('\n').trimEnd()}\n`).toBe(readFileSync(join(IMAGES_DIR, `${name}.source.md`), 'utf8'));
  });
});
