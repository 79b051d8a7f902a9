'use strict';
// Preloaded (NODE_OPTIONS=--require) into one untimed `email-auth verify` run of the verify bench: records every
// query it makes through node:dns (method and name) and how each ended (records, or the error code), into the file
// BENCH_DNS_RECORD names, for scripts/bench-verify-baseline.js to replay.
const { writeFileSync } = require('node:fs');
const { promises: dns } = require('node:dns');

const queries = [];
for (const method of ['resolveTxt', 'resolveMx', 'resolveCname', 'resolve4', 'resolve6']) {
  const original = dns.Resolver.prototype[method];
  dns.Resolver.prototype[method] = function (name, ...rest) {
    const entry = [method, name, 'pending'];
    queries.push(entry);
    return original.call(this, name, ...rest).then(
      (value) => {
        entry[2] = 'records';
        return value;
      },
      (error) => {
        entry[2] = error.code ?? 'error';
        throw error;
      },
    );
  };
}
process.on('exit', () => writeFileSync(process.env.BENCH_DNS_RECORD, JSON.stringify(queries)));
