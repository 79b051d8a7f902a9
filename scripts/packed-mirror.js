'use strict';
// A packed provider mirror (`<host>/<namespace>/<type>/terraform-provider-<type>_<version>_<platform>.zip`) built from
// an unpacked one, as a registry or `terraform providers mirror` serves providers: from a packed mirror every
// `terraform init` without a usable plugin cache extracts its own copy of the provider. Stored (uncompressed) zip
// entries: the provider is the same bytes, and terraform's h1 hash covers the files inside, not the zip.
// Used by the plugin-cache test (__tests__/pipelines/plugin-cache.int.test.ts) and the pipeline bench.
const { closeSync, mkdirSync, openSync, readdirSync, readSync, statSync, writeSync } = require('node:fs');
const { join } = require('node:path');

const CRC_TABLE = (() => {
  const table = new Int32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c;
  }
  return table;
})();

const CHUNK = 8 * 1024 * 1024;
/** 1980-01-01, the first date a zip entry can carry. */
const DOS_DATE = (1 << 5) | 1;

/** Reads a file in chunks, calling `each` with every chunk. */
function eachChunk(path, each) {
  const fd = openSync(path, 'r');
  const buffer = Buffer.alloc(CHUNK);
  try {
    for (let n; (n = readSync(fd, buffer, 0, CHUNK, null)) > 0; ) each(buffer.subarray(0, n));
  } finally {
    closeSync(fd);
  }
}

function crc32(path) {
  let crc = -1;
  eachChunk(path, (chunk) => {
    for (let i = 0; i < chunk.length; i++) crc = CRC_TABLE[(crc ^ chunk[i]) & 0xff] ^ (crc >>> 8);
  });
  return (crc ^ -1) >>> 0;
}

/** Writes a zip of `files` ([{ name, path }], flat, stored, Unix modes kept: the provider must stay executable); each < 4 GiB. */
function writeStoredZip(zipPath, files) {
  const fd = openSync(zipPath, 'w');
  let offset = 0;
  const write = (b) => {
    writeSync(fd, b);
    offset += b.length;
  };
  const central = [];
  try {
    for (const file of files) {
      const { size, mode } = statSync(file.path);
      const crc = crc32(file.path);
      const name = Buffer.from(file.name, 'utf8');
      const local = Buffer.alloc(30);
      local.writeUInt32LE(0x04034b50, 0);
      local.writeUInt16LE(20, 4); // version needed
      local.writeUInt16LE(DOS_DATE, 12);
      local.writeUInt32LE(crc, 14);
      local.writeUInt32LE(size, 18);
      local.writeUInt32LE(size, 22);
      local.writeUInt16LE(name.length, 26);
      const headerOffset = offset;
      write(local);
      write(name);
      eachChunk(file.path, write);
      const entry = Buffer.alloc(46);
      entry.writeUInt32LE(0x02014b50, 0);
      entry.writeUInt16LE((3 << 8) | 20, 4); // made by Unix, so the external attributes hold the mode
      entry.writeUInt16LE(20, 6);
      entry.writeUInt16LE(DOS_DATE, 14);
      entry.writeUInt32LE(crc, 16);
      entry.writeUInt32LE(size, 20);
      entry.writeUInt32LE(size, 24);
      entry.writeUInt16LE(name.length, 28);
      entry.writeUInt32LE(((mode & 0xffff) << 16) >>> 0, 38);
      entry.writeUInt32LE(headerOffset, 42);
      central.push(entry, name);
    }
    const start = offset;
    central.forEach(write);
    const end = Buffer.alloc(22);
    end.writeUInt32LE(0x06054b50, 0);
    end.writeUInt16LE(files.length, 8);
    end.writeUInt16LE(files.length, 10);
    end.writeUInt32LE(offset - start, 12);
    end.writeUInt32LE(start, 16);
    write(end);
  } finally {
    closeSync(fd);
  }
}

/**
 * Packs `provider` (`registry.terraform.io/hashicorp/aws`) of the unpacked mirror `from` into a packed mirror at `to`:
 * one zip per version and platform. Returns the bytes of the provider's files (one unpacked copy).
 */
function packMirror(from, to, provider) {
  const type = provider.split('/').pop();
  const target = join(to, provider);
  mkdirSync(target, { recursive: true });
  let bytes = 0;
  for (const version of readdirSync(join(from, provider))) {
    for (const platform of readdirSync(join(from, provider, version))) {
      const dir = join(from, provider, version, platform);
      const files = readdirSync(dir).map((name) => ({ name, path: join(dir, name) }));
      bytes += files.reduce((sum, f) => sum + statSync(f.path).size, 0);
      writeStoredZip(join(target, `terraform-provider-${type}_${version}_${platform}.zip`), files);
    }
  }
  return bytes;
}

/**
 * A packed mirror holding `provider`: `mirror` itself when it is packed already (CI makes one with `terraform providers
 * mirror`), else a packed copy of it in `scratch`. `providerBytes` is known only when the copy was made here.
 */
function packedMirrorOf(mirror, scratch, provider) {
  if (readdirSync(join(mirror, provider)).some((name) => name.endsWith('.zip'))) return { dir: mirror };
  return { dir: scratch, providerBytes: packMirror(mirror, scratch, provider) };
}

module.exports = { writeStoredZip, packMirror, packedMirrorOf };
