import { commandSpec } from '../spec';
import { CONFIG_OPTION, JSON_OPTION } from './options';

export const VERIFY = commandSpec({
  name: 'verify',
  summary: 'check live DNS like a mail receiver: SPF, DKIM, DMARC, MX per institution (--planned: as after deploy)',
  usage:
    'verify [--config FILE | --domain D --code C] [--dns-server HOST:PORT] [--ip ADDR] [--planned DIR] [--json] [--junit FILE] ' +
    '[--timeout MS] [--retries N] [--concurrency N]',
  options: {
    config: CONFIG_OPTION,
    domain: { type: 'string', value: 'D', description: 'verify this one domain instead of the config (with --code)', defaultText: 'the config\'s institutions' },
    code: { type: 'string', value: 'C', description: 'the institution code of --domain (it names the DKIM targets)', defaultText: 'none' },
    'dns-server': { type: 'string', value: 'HOST:PORT', description: 'ask this DNS server (an IP address, port 53 unless given)', defaultText: 'the system resolver' },
    ip: { type: 'string', value: 'ADDR', description: "also evaluate SPF for mail sent from this IP address (the platform's outbound address)", defaultText: 'none' },
    planned: { type: 'string', value: 'DIR', description: 'answer from this synth output where it has records, as DNS will after deploy', defaultText: 'none: live DNS only' },
    json: JSON_OPTION,
    junit: { type: 'string', value: 'FILE', description: 'also write a JUnit XML report to FILE (on failure, one <error>)', defaultText: 'none' },
    // Far below what node:dns can take (a 2^31 ms timeout throws), and still generous.
    timeout: { type: 'whole', value: 'MS', description: 'time to wait for each DNS answer', min: 1, max: 60_000, unit: 'milliseconds per attempt', default: 2000 },
    retries: { type: 'whole', value: 'N', description: 'retries of an unanswered query', min: 0, max: 10, unit: 'retries per query', default: 2 },
    concurrency: { type: 'whole', value: 'N', description: 'institutions verified at once', min: 1, max: 64, unit: 'institutions at once', default: 8 },
  },
  exits: {
    0: 'every check passed (warnings allowed)',
    1: 'a check failed',
    2: 'no verdict: DNS did not answer some query; or a usage error, a missing or invalid config',
  },
  example: 'verify --config institutions.yaml --junit verify.xml',
  onFailure: 'nothing was verified',
});
