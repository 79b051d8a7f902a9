/**
 * The entries of a zip archive, from its central directory (PKWARE APPNOTE.TXT §4.3.12, §4.3.16), each one on its
 * own: fflate's unzipSync keys entries by name, so of two entries with one name it returned the last only. Every
 * offset and length is checked against the archive before it is used, and an entry is inflated only up to the size
 * its header declares, in small steps, so a header that lies costs no more than an honest one.
 */
import type { Inflate as InflateType } from 'fflate';

export interface ZipEntry {
  readonly name: string;
  /** 0 stored, 8 deflate; others are named, not read. */
  readonly method: number;
  readonly encrypted: boolean;
  /** Declared sizes (central directory). */
  readonly compressedSize: number;
  readonly size: number;
  /** Where the entry's data starts in the archive. */
  readonly dataOffset: number;
}

/** Thrown for an archive that cannot be read at all; the message says why (the caller adds the origin). */
export class ZipError extends Error {}

const END_OF_DIRECTORY = 0x06054b50;
const DIRECTORY_ENTRY = 0x02014b50;
const LOCAL_HEADER = 0x04034b50;
/** End-of-directory record without its comment, and the longest comment (a u16). */
const END_SIZE = 22;
const MAX_COMMENT = 0xffff;

/** The archive's entries in directory order; throws ZipError, or `tooMany` when it declares more than `maxEntries`. */
export function zipEntries(bytes: Uint8Array, maxEntries: number, tooMany: (count: number) => Error): ZipEntry[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const end = findEnd(bytes, view);
  const count = view.getUint16(end + 10, true);
  const directorySize = view.getUint32(end + 12, true);
  const directoryOffset = view.getUint32(end + 16, true);
  if (view.getUint16(end + 4, true) !== 0 || view.getUint16(end + 6, true) !== 0) throw new ZipError('spans several disks');
  if (count === 0xffff || directoryOffset === 0xffffffff) throw new ZipError('is a zip64 archive (reports are small enough for plain zip)');
  if (count > maxEntries) throw tooMany(count);
  if (directoryOffset + directorySize > end) throw new ZipError('has its central directory outside the archive');
  const entries: ZipEntry[] = [];
  let at = directoryOffset;
  for (let i = 0; i < count; i++) {
    if (at + 46 > end || view.getUint32(at, true) !== DIRECTORY_ENTRY) throw new ZipError(`has a broken central directory (entry ${i + 1})`);
    const flags = view.getUint16(at + 8, true);
    const nameLength = view.getUint16(at + 28, true);
    const next = at + 46 + nameLength + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
    if (next > end) throw new ZipError(`has a broken central directory (entry ${i + 1})`);
    const entry = {
      // Bit 11: the name is UTF-8; else code page 437, of which reports only ever use the ASCII part.
      name: new TextDecoder(flags & 0x800 ? 'utf-8' : 'latin1').decode(bytes.subarray(at + 46, at + 46 + nameLength)),
      method: view.getUint16(at + 10, true),
      encrypted: (flags & 1) === 1,
      compressedSize: view.getUint32(at + 20, true),
      size: view.getUint32(at + 24, true),
      dataOffset: dataOffset(view, view.getUint32(at + 42, true), i),
    };
    if (entry.dataOffset + entry.compressedSize > bytes.length) throw new ZipError(`has entry ${i + 1} reaching past the end of the archive`);
    entries.push(entry);
    at = next;
  }
  return entries;
}

/** The end-of-directory record: searched backwards over the longest comment there can be. */
function findEnd(bytes: Uint8Array, view: DataView): number {
  for (let at = bytes.length - END_SIZE; at >= 0 && at >= bytes.length - END_SIZE - MAX_COMMENT; at--) {
    if (view.getUint32(at, true) === END_OF_DIRECTORY && at + END_SIZE + view.getUint16(at + 20, true) === bytes.length) return at;
  }
  throw new ZipError('has no end of central directory record');
}

function dataOffset(view: DataView, local: number, index: number): number {
  if (local + 30 > view.byteLength || view.getUint32(local, true) !== LOCAL_HEADER) throw new ZipError(`has no local header for entry ${index + 1}`);
  return local + 30 + view.getUint16(local + 26, true) + view.getUint16(local + 28, true);
}

/** Compressed input handed to the inflater at a time: one step yields at most ~1,032 times this (deflate's ratio). */
const STEP = 16 * 1024;

/**
 * An entry's bytes, never more than its declared size. Inflating stops once that many bytes came out, so a lying
 * header yields a cut (then malformed) text, and the work is bounded by the declared size, not by the bomb behind it.
 */
export function entryBytes(bytes: Uint8Array, entry: ZipEntry): Uint8Array {
  const data = bytes.subarray(entry.dataOffset, entry.dataOffset + entry.compressedSize);
  if (entry.method === 0) return data.subarray(0, entry.size);
  const out = new Uint8Array(entry.size);
  let got = 0;
  const { Inflate } = require('fflate') as { Inflate: typeof InflateType };
  const inflater = new Inflate((chunk) => {
    if (got < entry.size) out.set(chunk.subarray(0, entry.size - got), got);
    got += chunk.length;
  });
  for (let at = 0; at < data.length && got < entry.size; at += STEP) inflater.push(data.subarray(at, at + STEP), at + STEP >= data.length);
  return got < entry.size ? out.subarray(0, got) : out;
}
