/**
 * Zip archives written byte by byte for tests, including what zip libraries will not write: two entries of one
 * name, sizes that lie, flags and offsets that point anywhere.
 */
import { crc32, deflateRawSync } from 'node:zlib';

export interface ZipEntrySpec {
  readonly name: string;
  readonly data: Uint8Array;
  /** 8 (deflate, the default) or 0 (stored); another number is written as it is, with the data stored. */
  readonly method?: number;
  /** The uncompressed size written in the headers, when it should lie. */
  readonly declaredSize?: number;
  /** General purpose flags (bit 0: encrypted). */
  readonly flags?: number;
}

export function zipBytes(entries: readonly ZipEntrySpec[]): Buffer {
  const locals: Buffer[] = [];
  const directory: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const method = e.method ?? 8;
    const stored = Buffer.from(e.data);
    const data = method === 8 ? deflateRawSync(stored) : stored;
    const name = Buffer.from(e.name, 'utf8');
    const size = e.declaredSize ?? stored.length;
    const flags = (e.flags ?? 0) | 0x800;
    // The fields from "version needed" on are laid out alike in both headers (APPNOTE.TXT §4.3.7, §4.3.12).
    const fields = (header: Buffer, at: number) => {
      header.writeUInt16LE(20, at);
      header.writeUInt16LE(flags, at + 2);
      header.writeUInt16LE(method, at + 4);
      header.writeUInt32LE(crc32(stored), at + 10);
      header.writeUInt32LE(data.length, at + 14);
      header.writeUInt32LE(size, at + 18);
      header.writeUInt16LE(name.length, at + 22);
    };
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    fields(local, 4);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    fields(central, 6);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, data);
    directory.push(central, name);
    offset += local.length + name.length + data.length;
  }
  const directoryBytes = Buffer.concat(directory);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directoryBytes.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directoryBytes, end]);
}
