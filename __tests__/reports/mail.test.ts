// Report mails: attachments unpacked one at a time as the analysis asks (16 bombs in one mail cost the memory of one);
// a mail without any report is one skipped input, a mail with one counts its other attachments too.
import { gzipSync } from 'node:zlib';
import { reportsInMail } from '../../reports/read/mail';
import { unpack } from '../../reports/read/unpack';
import { ReadItem } from '../../reports/read/read-item';
import { NOV_1, reportXml } from './report-xml';

// The real unpack, watched: how many attachments were unpacked when.
jest.mock('../../reports/read/unpack', () => {
  const actual = jest.requireActual('../../reports/read/unpack');
  return { ...actual, unpack: jest.fn(actual.unpack) };
});

const xml = reportXml({ reportId: 'm1', domain: 'example.org', begin: NOV_1, rows: [{ ip: '192.0.2.1', count: 1 }] });

/** A mail with these attachments (base64), in this order. */
function mail(attachments: readonly (readonly [string, string, Buffer])[]): Buffer {
  const parts = attachments.map(
    ([name, type, content]) => `--b1\nContent-Type: ${type}; name="${name}"\nContent-Disposition: attachment; filename="${name}"\nContent-Transfer-Encoding: base64\n\n${content.toString('base64')}\n`,
  );
  return Buffer.from(`From: a@example.org\nSubject: report\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary="b1"\n\n--b1\nContent-Type: text/plain\n\nhello\n${parts.join('')}--b1--\n`);
}

const collect = async (items: AsyncIterable<ReadItem>) => {
  const all: [string, string][] = [];
  for await (const item of items) all.push([item.kind, item.origin]);
  return all;
};

test('attachments are unpacked one at a time, as the next item is asked for', async () => {
  (unpack as jest.Mock).mockClear();
  const items = reportsInMail(mail([['a.xml.gz', 'application/gzip', gzipSync(xml)], ['b.xml.gz', 'application/gzip', gzipSync(xml)]]), 'm');
  expect((await items.next()).value).toMatchObject({ kind: 'xml', origin: 'm attachment "a.xml.gz"' });
  expect(unpack).toHaveBeenCalledTimes(1);
  expect((await items.next()).value).toMatchObject({ kind: 'xml', origin: 'm attachment "b.xml.gz"' });
  expect(unpack).toHaveBeenCalledTimes(2);
});

test('a mail with a report counts its other attachments as skipped; one without is one skipped mail', async () => {
  const pdf = Buffer.from('%PDF-1.7');
  expect(await collect(reportsInMail(mail([['invoice.pdf', 'application/pdf', pdf], ['r.xml', 'text/xml', Buffer.from(xml)]]), 'm'))).toEqual([
    ['skipped', 'm attachment "invoice.pdf"'],
    ['xml', 'm attachment "r.xml"'],
  ]);
  expect(await collect(reportsInMail(mail([['invoice.pdf', 'application/pdf', pdf]]), 'm'))).toEqual([['skipped', 'm']]);
  expect(await collect(reportsInMail(mail([]), 'm'))).toEqual([['skipped', 'm']]);
});

test('more attachments than the limit: the first ones are read, one problem names the mail', async () => {
  const { REPORT_LIMITS } = await import('../../reports/limits');
  const three = mail([1, 2, 3].map((i) => [`r${i}.xml`, 'text/xml', Buffer.from(xml)] as const));
  expect(await collect(reportsInMail(three, 'm', { ...REPORT_LIMITS, attachments: 2 }))).toEqual([
    ['xml', 'm attachment "r1.xml"'],
    ['xml', 'm attachment "r2.xml"'],
    ['problem', 'm'],
  ]);
});
