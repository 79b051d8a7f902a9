'use strict';
// Baseline of the verify row (scripts/bench-verify.js): the DNS queries `email-auth verify` made (recorded by
// scripts/bench-dns-record.js), replayed with node:dns against the same server, IN_FLIGHT at a time, and nothing
// else: no config, no checks, no report. Prints how the queries ended, for the bench to compare with the recording.
//   node scripts/bench-verify-baseline.js HOST:PORT QUERIES.json
const { readFileSync } = require('node:fs');
const { promises: dns } = require('node:dns');

/** About what verify has in flight: 8 institutions at once, each asking its queries together. */
const IN_FLIGHT = 64;

const [server, file] = process.argv.slice(2);
const queries = JSON.parse(readFileSync(file, 'utf8'));
const resolver = new dns.Resolver({ timeout: 2000, tries: 3 });
resolver.setServers([server]);
const outcomes = {};
let next = 0;
async function worker() {
  while (next < queries.length) {
    const [method, name] = queries[next++];
    let outcome;
    try {
      await resolver[method](name);
      outcome = 'records';
    } catch (e) {
      outcome = e.code ?? 'error';
    }
    outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
  }
}
Promise.all(Array.from({ length: IN_FLIGHT }, worker)).then(() => process.stdout.write(JSON.stringify(outcomes)));
