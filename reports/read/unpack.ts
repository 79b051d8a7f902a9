/**
 * Bytes of one file or attachment → the report XML inside: plain XML, gzip (RFC 7489 §7.2.1.1 asks for it) or zip
 * (what several large receivers send anyway). The kind is told by the content, not the name: receivers misname
 * attachments. Decompression stops at the per-report size limit, so a zip or gzip bomb costs at most that much.
 */
import { TextDecoder } from 'node:util';
import { gunzipSync } from 'node:zlib';
import { REPORT_LIMITS, ReportLimits, showBytes } from '../limits';
import { problem, ReadItem, skipped, xmlItem } from './read-item';
import { entryBytes, ZipEntry, zipEntries, ZipError } from './zip';

export type PayloadKind = 'gzip' | 'zip' | 'xml' | 'other';

export function payloadKind(bytes: Uint8Array): PayloadKind {
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) return 'gzip';
  if (bytes[0] === 0x50 && bytes[1] === 0x4b && (bytes[2] === 0x03 || bytes[2] === 0x05) && (bytes[3] === 0x04 || bytes[3] === 0x06)) return 'zip';
  return looksLikeXml(bytes) ? 'xml' : 'other';
}

/** The report XML texts inside `bytes` (several for a zip), or why not. */
export function unpack(bytes: Uint8Array, origin: string, limits: ReportLimits = REPORT_LIMITS): ReadItem[] {
  if (bytes.length > limits.fileBytes) return [problem(origin, `is ${showBytes(bytes.length)}, over the limit of ${showBytes(limits.fileBytes)} per file`)];
  switch (payloadKind(bytes)) {
    case 'gzip':
      return [gunzip(bytes, origin, limits)];
    case 'zip':
      return unzip(bytes, origin, limits);
    case 'xml':
      return [xmlText(bytes, origin, limits)];
    default:
      return [skipped(origin, 'not XML, gzip or zip')];
  }
}

function gunzip(bytes: Uint8Array, origin: string, limits: ReportLimits): ReadItem {
  let xml: Buffer;
  try {
    // maxOutputLength makes zlib stop (RangeError) instead of inflating a bomb to the end.
    xml = gunzipSync(bytes, { maxOutputLength: limits.reportBytes });
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'ERR_BUFFER_TOO_LARGE' || err instanceof RangeError) return problem(origin, `decompresses to more than ${showBytes(limits.reportBytes)}, the limit per report (a gzip bomb?)`);
    return problem(origin, `is not a valid gzip file: ${err.message}`);
  }
  if (!looksLikeXml(xml)) return problem(origin, 'holds no XML (gzip of something else)');
  return xmlText(xml, origin, limits);
}

/** Stops reading an archive: the problem is the whole archive's. */
class ZipRefused extends Error {}

function unzip(bytes: Uint8Array, origin: string, limits: ReportLimits): ReadItem[] {
  const items: ReadItem[] = [];
  let entries: ZipEntry[];
  try {
    entries = zipEntries(bytes, limits.zipEntries, () => new ZipRefused(`has more than ${limits.zipEntries} entries, the limit per archive`));
  } catch (e) {
    if (e instanceof ZipRefused) return [problem(origin, e.message)];
    if (e instanceof ZipError) return [problem(origin, `is not a valid zip file: it ${e.message}`)];
    throw e;
  }
  if (entries.length === 0) return [skipped(origin, 'empty zip archive')];
  // Two entries may have one name: both are read, told apart by their place in the archive.
  const names = new Map<string, number>();
  for (const entry of entries) names.set(entry.name, (names.get(entry.name) ?? 0) + 1);
  const reports: { readonly at: string; readonly entry: ZipEntry }[] = [];
  let declared = 0;
  for (const [i, entry] of entries.entries()) {
    const at = `${origin}!${entry.name}${names.get(entry.name)! > 1 ? ` (entry ${i + 1})` : ''}`;
    if (entry.name.endsWith('/')) continue;
    if (!/\.xml$/i.test(entry.name)) items.push(skipped(at, 'zip entry is not an .xml file'));
    else if (entry.encrypted) items.push(problem(at, 'is encrypted; not read'));
    else if (entry.method !== 0 && entry.method !== 8) items.push(problem(at, `uses zip compression method ${entry.method}; only stored and deflate are read`));
    else {
      // Declared sizes bound what is inflated (entryBytes never goes past them): their sum is the archive's report size.
      declared += entry.size;
      if (declared > limits.reportBytes) return [...items, problem(origin, `decompresses to more than ${showBytes(limits.reportBytes)}, the limit per report (a zip bomb?)`)];
      reports.push({ at, entry });
    }
  }
  for (const { at, entry } of reports) {
    let data: Uint8Array;
    try {
      data = entryBytes(bytes, entry);
    } catch (e) {
      items.push(problem(at, `is not a valid zip entry: ${(e as Error).message}`));
      continue;
    }
    items.push(xmlText(data, at, limits));
  }
  return items;
}

const UTF8_BOM = [0xef, 0xbb, 0xbf];

function looksLikeXml(bytes: Uint8Array): boolean {
  let i = bytes[0] === UTF8_BOM[0] && bytes[1] === UTF8_BOM[1] && bytes[2] === UTF8_BOM[2] ? 3 : 0;
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) return true; // UTF-16 BOM
  while (i < bytes.length && i < 4096 && (bytes[i] === 0x20 || bytes[i] === 0x09 || bytes[i] === 0x0a || bytes[i] === 0x0d)) i++;
  return bytes[i] === 0x3c; // '<'
}

/** Decodes by BOM, then by the XML declaration's encoding (some receivers send windows-1252), else UTF-8. */
function xmlText(bytes: Uint8Array, origin: string, limits: ReportLimits): ReadItem {
  if (bytes.length > limits.reportBytes) return problem(origin, `is ${showBytes(bytes.length)} of XML, over the limit of ${showBytes(limits.reportBytes)} per report`);
  let encoding = 'utf-8';
  if (bytes[0] === 0xff && bytes[1] === 0xfe) encoding = 'utf-16le';
  else if (bytes[0] === 0xfe && bytes[1] === 0xff) encoding = 'utf-16be';
  else {
    const head = Buffer.from(bytes.subarray(0, 200)).toString('latin1');
    const declared = /^(?:\ufeff|\xef\xbb\xbf)?\s*<\?xml[^>]*\bencoding\s*=\s*["']([A-Za-z0-9._-]+)["']/.exec(head)?.[1];
    if (declared) encoding = declared.toLowerCase();
  }
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(encoding);
  } catch {
    return problem(origin, `declares the unknown character encoding ${JSON.stringify(encoding)}`);
  }
  return xmlItem(origin, decoder.decode(bytes));
}
