// Issue 17 item 5: scripts/render-images.js photographs a real summary and a real reports page with headless
// Chromium (Mermaid from the npm package, no network). Needs Debian's `chromium` and the built dist/.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describeUnless } from '../helpers/describe-unless';
import { scratchDir } from '../helpers/terraform';

const { SOURCES, renderImages, findChromium } = require('../../scripts/render-images.js') as {
  SOURCES: { name: string }[];
  renderImages: (out: string, chromium: string) => void;
  findChromium: () => string | undefined;
};

const chromium = findChromium();
const dist = join(__dirname, '..', '..', 'dist', 'cli', 'main.js');
const skip = !chromium ? 'chromium is not installed (Debian package: chromium)' : !existsSync(dist) ? 'dist/ is missing: run npm run build' : undefined;

describeUnless(skip, 'render-images.js', () => {
  it('writes a PNG and its Markdown for each source', () => {
    const out = scratchDir('email-auth-images-');
    renderImages(out, chromium!);
    for (const { name } of SOURCES) {
      const png = readFileSync(join(out, `${name}.png`));
      expect(png.subarray(1, 4).toString()).toBe('PNG');
      // 1000 px wide, as asked of Chromium; a blank page would compress to a few kilobytes.
      expect(png.readUInt32BE(16)).toBe(1000);
      expect(statSync(join(out, `${name}.png`)).size).toBeGreaterThan(50_000);
      expect(readFileSync(join(out, `${name}.source.md`), 'utf8')).toMatch(/^<!-- email-auth-dns /);
    }
  }, 180_000);
});
