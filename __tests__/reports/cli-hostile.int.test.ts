// Issue 15 item 4, through the real CLI process: report files of a few KB that once cost 5-15 s of CPU and 1.2 GB
// each (8 million empty elements, one 31 MB attribute, 1.5 million attributes, 31 MB of text) and a zip whose header
// lies about a gigabyte behind it. Each is refused as a problem naming the file, in at most 3 s of CPU and 400 MB,
// measured by the child itself (process.resourceUsage() at exit); today each takes well under a second.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { constants, deflateRawSync, gzipSync } from 'node:zlib';
import { REPO_ROOT } from '../helpers/run-app';
import { zipBytes } from './zip-bytes';

const CONFIG = join(__dirname, 'fixtures', 'institutions.yaml');
const MiB = 1024 * 1024;
const BOUND = { cpuSeconds: 3, rssMB: 400 };
const dir = mkdtempSync(join(tmpdir(), 'email-auth-hostile-reports-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const head = '<?xml version="1.0"?><feedback><report_metadata><org_name>x</org_name>';
const tail = '</report_metadata></feedback>';

/** A gzip of `xml`, written under `name`; its size, to show how little an attacker sends. */
function gz(name: string, xml: string): { file: string; bytes: number } {
  const file = join(dir, name);
  const bytes = gzipSync(xml, { level: 9 });
  writeFileSync(file, bytes);
  return { file, bytes: bytes.length };
}

/**
 * A zip whose one entry declares 100 bytes and inflates to `gib` GiB: a 32 MiB deflate block repeated (full-flush
 * blocks can follow one another), then an empty final block.
 */
function lyingZip(name: string, gib: number): { file: string; bytes: number } {
  const block = deflateRawSync(Buffer.concat([Buffer.from('<feedback>'), Buffer.alloc(32 * MiB - 10, 0x20)]), { finishFlush: constants.Z_FULL_FLUSH });
  const stream = Buffer.concat([...Array.from({ length: gib * 32 }, () => block), deflateRawSync(Buffer.alloc(0))]);
  const zip = zipBytes([{ name: 'bomb.xml', data: Buffer.alloc(0), method: 0, declaredSize: 100 }]);
  // Swap the empty stored data for the deflate stream: method 8, compressed size, offsets after it shifted.
  const local = 30 + 'bomb.xml'.length;
  const directory = zip.subarray(local);
  const out = Buffer.concat([zip.subarray(0, local), stream, directory]);
  out.writeUInt16LE(8, 8);
  out.writeUInt32LE(stream.length, 18);
  const cd = local + stream.length;
  out.writeUInt16LE(8, cd + 10);
  out.writeUInt32LE(stream.length, cd + 20);
  out.writeUInt32LE(cd, out.length - 22 + 16);
  const file = join(dir, name);
  writeFileSync(file, out);
  return { file, bytes: out.length };
}

/** `email-auth reports --json FILE` in a child process; its exit code, JSON, CPU seconds and peak RSS. */
function run(file: string) {
  const usage = join(dir, `${Math.random()}.usage`);
  const result = spawnSync(process.execPath, ['--require', join(REPO_ROOT, 'scripts', 'bench-maxrss.js'), join(REPO_ROOT, 'dist', 'cli', 'main.js'), 'reports', '--no-ptr', '--config', CONFIG, '--json', file], {
    encoding: 'utf8',
    env: { ...process.env, BENCH_MAXRSS_FILE: usage },
    timeout: 120_000,
  });
  const [rssKB, user, system] = readFileSync(usage, 'utf8').split(' ').map(Number) as [number, number, number];
  return { code: result.status, json: JSON.parse(result.stdout), stderr: result.stderr, cpuSeconds: user + system, rssMB: rssKB / 1024 };
}

describe('hostile report files are refused, each within 3 s of CPU and 400 MB', () => {
  test.each([
    ['8 million empty elements', () => gz('elements.xml.gz', head + '<a/>'.repeat(8_000_000) + tail), /^has more than 2,000,000 elements, the limit per report \(line 1, column \d+\)$/],
    ['one 31 MB attribute', () => gz('attribute.xml.gz', head.replace('<feedback>', `<feedback a="${'y'.repeat(31 * MiB)}">`) + tail), /^has an attribute value of 32,505,856 characters, over the limit of 4,194,304 \(line 1, column 34\)$/],
    ['1.5 million attributes', () => gz('attributes.xml.gz', head.replace('<feedback>', `<feedback ${Array.from({ length: 1_500_000 }, (_, i) => `a${i}=""`).join(' ')}>`) + tail), /^has an element with more than 32 attributes, the limit per element/],
    ['31 MB of text', () => gz('text.xml.gz', head.replace('<org_name>x', `<org_name>${'x'.repeat(31 * MiB)}`) + tail), /^has more than 4,194,304 characters of text in <org_name>, the limit per element/],
    ['4 million comments inside one value', () => gz('comments.xml.gz', head.replace('</org_name>', '') + 'x<!---->'.repeat(4_000_000) + '</org_name>' + tail), /^has more than 2,000,000 elements, comments and other markup, the limit per report/],
    ['2.4 million CDATA sections', () => gz('cdata.xml.gz', head.replace('</org_name>', '') + '<![CDATA[x]]>'.repeat(2_400_000) + '</org_name>' + tail), /^has more than 2,000,000 elements, comments and other markup, the limit per report/],
    ['2 million nested pairs, the most elements allowed, then refused by the report parser', () => gz('pairs.xml.gz', head + '<a><b/></a>'.repeat(999_990) + tail), /^report_metadata\.a: appears 999,990 times|^report_metadata\.date_range: missing$/],
    ['a zip entry that declares 100 bytes and inflates to 1 GiB', () => lyingZip('liar.zip', 1), /^is not well-formed XML: <feedback> is not closed \(line 1, column 101\)$/],
  ])(
    '%s',
    (_shape, make, message) => {
      const { file, bytes } = make();
      expect(bytes).toBeLessThan(4 * MiB);
      const { code, json, stderr, cpuSeconds, rssMB } = run(file);
      expect(code).toBe(2);
      expect(json.exitCode).toBe(2);
      expect(json.input).toMatchObject({ reports: 0, problemCount: 1 });
      expect(json.input.problems[0].origin).toMatch(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(!bomb\\.xml)?$`));
      expect(json.input.problems[0].message).toMatch(message);
      expect(stderr).toContain(`problem: ${file}`);
      expect(cpuSeconds).toBeLessThan(BOUND.cpuSeconds);
      expect(rssMB).toBeLessThan(BOUND.rssMB);
    },
    120_000,
  );
});
