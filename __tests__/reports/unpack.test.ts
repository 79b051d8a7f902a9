// Readers: plain, gzip and zip told apart by content; bombs stop at the limit and say so; folders walked in order.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { zipSync, strToU8 } from 'fflate';
import { REPORT_LIMITS } from '../../reports/limits';
import { readReportFiles } from '../../reports/read/files';
import { ReadItem, ReportInputError } from '../../reports/read/read-item';
import { unpack } from '../../reports/read/unpack';
import { NOV_1, reportXml } from './report-xml';
import { zipBytes } from './zip-bytes';

const xml = reportXml({ reportId: 'u1', domain: 'example.org', begin: NOV_1, rows: [{ ip: '192.0.2.1', count: 1 }] });
const kinds = (items: readonly ReadItem[]) => items.map((i) => [i.kind, i.origin, i.kind === 'xml' ? i.xml.length : i.kind === 'skipped' ? i.reason : i.message]);
const MiB = 1024 * 1024;

describe('unpack', () => {
  test('plain XML, gzip and zip give the same text, whatever the name says', () => {
    expect(unpack(Buffer.from(xml), 'a.gz')).toEqual([{ kind: 'xml', origin: 'a.gz', xml }]);
    expect(unpack(gzipSync(xml), 'a.xml')).toEqual([{ kind: 'xml', origin: 'a.xml', xml }]);
    expect(unpack(zipSync({ 'google.com!example.org!1!2.xml': strToU8(xml) }), 'r.zip')).toEqual([{ kind: 'xml', origin: 'r.zip!google.com!example.org!1!2.xml', xml }]);
  });

  test('a zip with other entries: .xml entries read, the rest skipped and counted', () => {
    const zip = zipSync({ 'report.xml': strToU8(xml), 'readme.txt': strToU8('hi'), 'dir/': new Uint8Array(0) });
    expect(kinds(unpack(zip, 'r.zip'))).toEqual([
      ['skipped', 'r.zip!readme.txt', 'zip entry is not an .xml file'],
      ['xml', 'r.zip!report.xml', xml.length],
    ]);
  });

  test('things that are not reports are skipped', () => {
    expect(kinds(unpack(Buffer.from('%PDF-1.7 ...'), 'invoice.pdf'))).toEqual([['skipped', 'invoice.pdf', 'not XML, gzip or zip']]);
    expect(kinds(unpack(gzipSync('just text'), 'x.gz'))).toEqual([['problem', 'x.gz', 'holds no XML (gzip of something else)']]);
  });

  test('gzip bomb: decompression stops at the limit per report and says so', () => {
    const bomb = gzipSync(Buffer.alloc(40 * MiB, 0x20)); // ~40 KB that inflate to 40 MiB
    expect(bomb.length).toBeLessThan(100_000);
    expect(kinds(unpack(bomb, 'bomb.xml.gz'))).toEqual([['problem', 'bomb.xml.gz', 'decompresses to more than 32 MiB, the limit per report (a gzip bomb?)']]);
  });

  test('zip bomb: declared sizes over the limit are refused before inflating', () => {
    const bomb = zipSync({ 'a.xml': new Uint8Array(MiB), 'b.xml': new Uint8Array(MiB) });
    expect(kinds(unpack(bomb, 'bomb.zip', { ...REPORT_LIMITS, reportBytes: 1.5 * MiB }))).toEqual([['problem', 'bomb.zip', 'decompresses to more than 1,572,864 bytes, the limit per report (a zip bomb?)']]);
  });

  test('zip bomb with a lying size header: inflated only up to the declared size, then refused as cut XML', () => {
    const honest = zipSync({ 'a.xml': strToU8(`<feedback>${' '.repeat(2 * MiB)}</feedback>`) });
    // Rewrite the uncompressed size (central directory, offset 24 of its header) to 100 bytes.
    const cd = Buffer.from(honest).lastIndexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    const lying = Buffer.from(honest);
    lying.writeUInt32LE(100, cd + 24);
    const [item] = unpack(lying, 'liar.zip');
    expect(item!.kind).toBe('xml');
    expect((item as { xml: string }).xml.length).toBe(100);
  });

  test('too many zip entries, a file over the size limit, a broken zip and a broken gzip', () => {
    const many = zipSync(Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`r${i}.xml`, strToU8(xml)])));
    expect(kinds(unpack(many, 'many.zip')).pop()).toEqual(['problem', 'many.zip', 'has more than 16 entries, the limit per archive']);
    expect(kinds(unpack(Buffer.from(xml), 'big.xml', { ...REPORT_LIMITS, fileBytes: 100 }))).toEqual([['problem', 'big.xml', `is ${xml.length.toLocaleString('en')} bytes, over the limit of 100 bytes per file`]]);
    expect(kinds(unpack(Buffer.from('PK\u0003\u0004garbage'), 'broken.zip'))[0]!.slice(0, 2)).toEqual(['problem', 'broken.zip']);
    expect(kinds(unpack(gzipSync(xml).subarray(0, 40), 'cut.gz'))[0]![2]).toMatch(/^is not a valid gzip file: unexpected end of file/);
  });
});

describe('readReportFiles', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'reports-files-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const collect = async (paths: string[], limits = REPORT_LIMITS) => {
    const items: ReadItem[] = [];
    for await (const item of readReportFiles(paths, limits)) items.push(item);
    return items;
  };

  test('a folder is walked in name order; only report names are read; symlinks inside are not followed', async () => {
    mkdirSync(join(dir, 'sub'));
    writeFileSync(join(dir, 'b.xml'), xml);
    writeFileSync(join(dir, 'a.xml.gz'), gzipSync(xml));
    writeFileSync(join(dir, 'sub', 'c.zip'), zipSync({ 'c.xml': strToU8(xml) }));
    writeFileSync(join(dir, 'notes.txt'), 'x');
    symlinkSync('/etc', join(dir, 'zz-link'));
    expect(kinds(await collect([dir])).map(([k, o]) => [k, (o as string).slice(dir.length + 1)])).toEqual([
      ['xml', 'a.xml.gz'],
      ['xml', 'b.xml'],
      ['skipped', 'notes.txt'],
      ['xml', 'sub/c.zip!c.xml'],
      ['skipped', 'zz-link'],
    ]);
  });

  test('a path that does not exist stops the run before anything is read', async () => {
    writeFileSync(join(dir, 'b.xml'), xml);
    await expect(collect([join(dir, 'b.xml'), join(dir, 'missing.xml')])).rejects.toThrow(new ReportInputError(`${JSON.stringify(join(dir, 'missing.xml'))} does not exist`));
  });

  test('more files than the limit: one problem, the rest not read', async () => {
    for (const n of [1, 2, 3, 4]) writeFileSync(join(dir, `${n}.xml`), xml);
    expect(kinds(await collect([dir], { ...REPORT_LIMITS, files: 2 })).map(([k]) => k)).toEqual(['xml', 'xml', 'problem']);
  });
});

describe('zip archives, entry by entry', () => {
  const other = reportXml({ reportId: 'u2', domain: 'example.org', begin: NOV_1, rows: [{ ip: '192.0.2.2', count: 2 }] });

  test('two entries of one name are both read, told apart by their place (fflate kept only the last)', () => {
    const zip = zipBytes([
      { name: 'report.xml', data: Buffer.from(xml) },
      { name: 'notes.txt', data: Buffer.from('hi') },
      { name: 'report.xml', data: Buffer.from(other), method: 0 },
    ]);
    expect(kinds(unpack(zip, 'r.zip'))).toEqual([
      ['skipped', 'r.zip!notes.txt', 'zip entry is not an .xml file'],
      ['xml', 'r.zip!report.xml (entry 1)', xml.length],
      ['xml', 'r.zip!report.xml (entry 3)', other.length],
    ]);
  });

  test('an encrypted entry and an unknown method are problems naming the entry; the others are read', () => {
    const zip = zipBytes([
      { name: 'secret.xml', data: Buffer.from(xml), flags: 1 },
      { name: 'bzip.xml', data: Buffer.from(xml), method: 12 },
      { name: 'ok.xml', data: Buffer.from(xml) },
    ]);
    expect(kinds(unpack(zip, 'r.zip'))).toEqual([
      ['problem', 'r.zip!secret.xml', 'is encrypted; not read'],
      ['problem', 'r.zip!bzip.xml', 'uses zip compression method 12; only stored and deflate are read'],
      ['xml', 'r.zip!ok.xml', xml.length],
    ]);
  });

  test('a size header that lies low: inflating stops at the declared size (the rest of the bomb is never inflated)', () => {
    const bomb = zipBytes([{ name: 'a.xml', data: Buffer.alloc(4 * MiB, 0x20), declaredSize: 100 }]);
    expect(bomb.length).toBeLessThan(100_000);
    const [item] = unpack(bomb, 'liar.zip');
    expect(item).toMatchObject({ kind: 'xml', origin: 'liar.zip!a.xml' });
    expect((item as { xml: string }).xml).toBe(' '.repeat(100));
  });

  test('offsets and sizes that point outside the archive are refused, never read', () => {
    const good = zipBytes([{ name: 'a.xml', data: Buffer.from(xml) }]);
    const cd = good.lastIndexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    const farOffset = Buffer.from(good);
    farOffset.writeUInt32LE(0x7fffffff, cd + 42);
    const longData = Buffer.from(good);
    longData.writeUInt32LE(0x7fffffff, cd + 20);
    const shortDirectory = Buffer.from(good);
    shortDirectory.writeUInt16LE(5, shortDirectory.length - 22 + 10);
    const zip64 = Buffer.from(good);
    zip64.writeUInt16LE(0xffff, zip64.length - 22 + 10);
    expect(kinds(unpack(farOffset, 'z'))).toEqual([['problem', 'z', 'is not a valid zip file: it has no local header for entry 1']]);
    expect(kinds(unpack(longData, 'z'))).toEqual([['problem', 'z', 'is not a valid zip file: it has entry 1 reaching past the end of the archive']]);
    expect(kinds(unpack(shortDirectory, 'z'))).toEqual([['problem', 'z', 'is not a valid zip file: it has a broken central directory (entry 2)']]);
    expect(kinds(unpack(zip64, 'z'))).toEqual([['problem', 'z', 'is not a valid zip file: it is a zip64 archive (reports are small enough for plain zip)']]);
  });
});
