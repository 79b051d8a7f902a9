'use strict';
// A throwaway BIND 9 (`named`) on 127.0.0.1, for the DNS tests (__tests__/helpers/bind.ts types it) and the verify
// bench (scripts/bench-verify.js). It serves the zones it is given, plus a local root zone so that it never sends a
// query off the machine, and recurses for 127.0.0.1 only so that it follows CNAME chains across its own zones like
// a receiver's resolver (authoritative-only, it would answer the DKIM CNAME without the key behind it).
const { spawnSync } = require('node:child_process');
const { createSocket } = require('node:dgram');
const { promises: dns } = require('node:dns');
const { mkdtempSync, writeFileSync } = require('node:fs');
const { createServer } = require('node:net');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { spawnTestServer } = require('./test-server');

const NAMED_CANDIDATES = ['named', '/usr/sbin/named', '/usr/local/sbin/named'];

/** How long named may take to answer its first query: long on a loaded machine with many zones. */
const READY_TIMEOUT_MS = 60_000;

/** The path of a `named` that runs, or undefined. `NAMED=/path/to/named` picks one (and `NAMED=none` shows the skip). */
function findNamed() {
  const candidates = process.env.NAMED ? [process.env.NAMED] : NAMED_CANDIDATES;
  return candidates.find((bin) => spawnSync(bin, ['-v'], { encoding: 'utf8' }).status === 0);
}

/** Why BIND cannot run here, or undefined when it can. */
function bindUnavailableReason() {
  if (!findNamed()) return `BIND 9 \`named\` not found or not runnable (${process.env.NAMED ? `NAMED=${process.env.NAMED}` : NAMED_CANDIDATES.join(', ')}; Debian: apt-get install bind9); DNS tests skipped`;
  return undefined;
}

/**
 * Quotes a TXT value for a zone file, split into ≤ 255-octet character-strings (RFC 1035 §3.3.14) of its bytes: the
 * UTF-8 of a string, or the bytes given (to publish bytes that are not UTF-8). Quotes, backslashes and every byte
 * outside printable ASCII are written as `\DDD` (RFC 1035 §5.1), so hostile test values (ESC, newline, NUL) reach
 * DNS answers byte for byte.
 */
function zoneTxt(value) {
  const bytes = typeof value === 'string' ? Buffer.from(value, 'utf8') : Buffer.from(value);
  const chunks = [];
  for (let i = 0; i < bytes.length || i === 0; i += 255) {
    const chunk = [...bytes.subarray(i, i + 255)].map((b) => (b >= 0x20 && b < 0x7f && b !== 0x22 && b !== 0x5c ? String.fromCharCode(b) : `\\${String(b).padStart(3, '0')}`));
    chunks.push(`"${chunk.join('')}"`);
  }
  return chunks.join(' ');
}

function zoneFile(origin, records) {
  const lines = [`$TTL 300`, `$ORIGIN ${origin === '.' ? '.' : `${origin}.`}`, `@ IN SOA ns.root. hostmaster.root. 1 3600 600 86400 300`, `@ IN NS ns.root.`];
  for (const r of records) {
    const value = r.type === 'TXT' ? zoneTxt(r.value) : r.type === 'CNAME' || r.type === 'NS' || r.type === 'PTR' ? `${r.value.replace(/\.$/, '')}.` : r.type === 'MX' ? mxValue(r.value) : r.value;
    lines.push(`${r.name}. IN ${r.type} ${value}`);
  }
  return `${lines.join('\n')}\n`;
}

function mxValue(value) {
  const [priority, host] = value.split(/\s+/);
  return `${priority} ${host === '.' ? '.' : `${host.replace(/\.$/, '')}.`}`;
}

/** A port free on 127.0.0.1 for both TCP and UDP (named listens on both). */
async function freePort() {
  for (let attempt = 0; attempt < 20; attempt++) {
    const port = await new Promise((resolve, reject) => {
      const server = createServer();
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => {
        const { port } = server.address();
        server.close(() => resolve(port));
      });
    });
    const udpFree = await new Promise((resolve) => {
      const socket = createSocket('udp4');
      socket.once('error', () => resolve(false));
      socket.bind(port, '127.0.0.1', () => socket.close(() => resolve(true)));
    });
    if (udpFree) return port;
  }
  throw new Error('no free port for named on 127.0.0.1');
}

/** options.checkNames: 'ignore' serves names that are not host names (hostile PTR targets), which BIND refuses in a primary zone by default. */
function namedConf(dir, port, origins, options = {}) {
  // zone0.db is the root; zone<i>.db the i-th origin, as startBind writes them.
  const zone = (origin, i) => `zone "${origin}" { type primary; file "${join(dir, `zone${i}.db`)}"; };`;
  return `options {
  directory "${dir}";
  pid-file "${join(dir, 'named.pid')}";
  session-keyfile "${join(dir, 'session.key')}";
  managed-keys-directory "${dir}";
  listen-on port ${port} { 127.0.0.1; };
  listen-on-v6 { none; };
  recursion yes;
  allow-recursion { 127.0.0.1; };
  allow-query { 127.0.0.1; };
  dnssec-validation no;
  notify no;
  minimal-responses no;${options.checkNames ? `\n  check-names primary ${options.checkNames};` : ''}
};
controls { };
${['.', ...origins].map(zone).join('\n')}
`;
}

/**
 * Writes the zones (origin → records) and starts named in the foreground (`-g`, logs to stderr), waits until it
 * answers (never a fixed sleep), and returns { port, address, stop }. Throws with named's output when it cannot
 * start in three attempts. options: as for namedConf.
 */
async function startBind(zones, options = {}) {
  const named = findNamed();
  if (!named) throw new Error(bindUnavailableReason());
  const origins = Object.keys(zones).sort();
  let lastError = '';
  for (let attempt = 0; attempt < 3; attempt++) {
    // A fresh folder per attempt: stopping a failed attempt removes its folder.
    const dir = mkdtempSync(join(tmpdir(), 'verify-bind-'));
    writeFileSync(join(dir, 'zone0.db'), zoneFile('.', [{ name: 'ns.root', type: 'A', value: '127.0.0.1' }]));
    origins.forEach((origin, i) => writeFileSync(join(dir, `zone${i + 1}.db`), zoneFile(origin, zones[origin])));
    const port = await freePort();
    writeFileSync(join(dir, 'named.conf'), namedConf(dir, port, origins, options));
    const server = spawnTestServer(named, ['-g', '-c', join(dir, 'named.conf')], dir);
    // Asks for the root zone, which always loads: a test may serve a zone that BIND refuses on purpose (SERVFAIL).
    if (await waitUntilAnswering(port, '.', server.exited)) return { port, address: `127.0.0.1:${port}`, stop: server.stop };
    const log = server.stderr();
    await server.stop().catch(() => undefined);
    lastError = log.split('\n').filter((l) => /error|failed|couldn't|permission|loading/i.test(l)).slice(-10).join('\n') || log.slice(-2000);
  }
  throw new Error(`named did not start:\n${lastError}`);
}

/** Polls with a SOA query until named answers; false when it exits or stays silent for READY_TIMEOUT_MS. */
async function waitUntilAnswering(port, zone, exited) {
  const resolver = new dns.Resolver({ timeout: 200, tries: 1 });
  resolver.setServers([`127.0.0.1:${port}`]);
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (exited()) return false;
    try {
      await resolver.resolveSoa(zone);
      return true;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return false;
}

module.exports = { findNamed, bindUnavailableReason, zoneTxt, zoneFile, startBind, READY_TIMEOUT_MS };
