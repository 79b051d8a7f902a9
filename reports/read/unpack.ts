/**
 * Bytes of one file or attachment → the report XML inside: plain XML, gzip (RFC 7489 §7.2.1.1 asks for it) or zip
 * (what several large receivers send anyway). The kind is told by the content, not the name: receivers misname
 * attachments. Decompression stops at the per-report size limit, so a zip or gzip bomb costs at most that much.
 */
import { TextDecoder } from 'node:util';
import { gunzipSync } from 'node:zlib';
import { REPORT_LIMITS, ReportLimits, showBytes } from '../limits';
import { problem, ReadItem, skipped, xmlItem } from './read-item';

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

/** Thrown inside fflate's entry filter to stop reading the central directory. */
class ZipRefused extends Error {}

function unzip(bytes: Uint8Array, origin: string, limits: ReportLimits): ReadItem[] {
  // fflate is loaded only when a zip shows up.
  const { unzipSync } = require('fflate') as typeof import('fflate');
  const items: ReadItem[] = [];
  let entries = 0;
  let declared = 0;
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(bytes, {
      // The filter sees each entry's declared sizes before anything is inflated. fflate inflates an entry into a
      // buffer of its declared size and never grows it, so a lying header yields a cut (then malformed) text, not a
      // bomb; refusing large declared sizes bounds the memory.
      filter: (file) => {
        if (++entries > limits.zipEntries) throw new ZipRefused(`has more than ${limits.zipEntries} entries, the limit per archive`);
        const at = `${origin}!${file.name}`;
        if (file.name.endsWith('/')) return false;
        if (!/\.xml$/i.test(file.name)) {
          items.push(skipped(at, 'zip entry is not an .xml file'));
          return false;
        }
        if (file.compression !== 0 && file.compression !== 8) {
          items.push(problem(at, `uses zip compression method ${file.compression}; only stored and deflate are read`));
          return false;
        }
        declared += file.originalSize;
        if (declared > limits.reportBytes) throw new ZipRefused(`decompresses to more than ${showBytes(limits.reportBytes)}, the limit per report (a zip bomb?)`);
        return true;
      },
    });
  } catch (e) {
    if (e instanceof ZipRefused) return [...items, problem(origin, e.message)];
    return [...items, problem(origin, `is not a valid zip file: ${(e as Error).message}`)];
  }
  for (const [name, data] of Object.entries(files)) items.push(xmlText(data, `${origin}!${name}`, limits));
  if (entries === 0) items.push(skipped(origin, 'empty zip archive'));
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
