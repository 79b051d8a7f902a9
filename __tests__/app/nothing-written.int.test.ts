import { existsSync } from 'node:fs';
import { runApp } from '../helpers/run-app';
import { cleanupTerraformDirs } from '../helpers/terraform';
import { CLEANUP_HOOK_TIMEOUT_MS } from '../helpers/timeouts';

afterAll(cleanupTerraformDirs, CLEANUP_HOOK_TIMEOUT_MS);

// One bad config per validation category: the real app exits 2 (an invalid config), names the path, and writes nothing.
const ok = 'code: a, domain: a.example.org, provider: route53, zoneId: ZA';

test.each([
  ['SPF', `institutions: [{ ${ok}, spf: { mechanisms: ["ip4:192.0.2.0/33"] } }]`, 'institutions[0].spf.mechanisms[0]: ip4 CIDR length must be 0–32, got "/33"'],
  ['DMARC', `institutions: [{ ${ok}, dmarc: { rua: ["dmarc@a.example.org"] } }]`, 'institutions[0].dmarc.rua[0]: report addresses are URIs: write "mailto:dmarc@a.example.org"'],
  ['names', `institutions: [{ ${ok.replace('a.example.org', '"*.example.org"')} }]`, 'institutions[0].domain: domain must not be a wildcard name, got "*.example.org"'],
  ['MX', `institutions: [{ ${ok}, mx: [{ priority: -1, host: mx.a.example.org }] }]`, 'institutions[0].mx[0].priority: must be an integer between 0 and 65535 inclusive, got -1'],
  ['keepTxt', `institutions: [{ ${ok}, keepTxt: ["v=spf1 -all"] }]`, 'institutions[0].keepTxt[0]: is an SPF record'],
  ['across the config', `institutions: [{ ${ok} }, { ${ok.replace('code: a', 'code: b')} }]`, 'institutions[1].domain: "a.example.org" is also the domain of institutions[0]'],
  ['secrets', `institutions: [{ ${ok}, aws: { secretAccessKey: x } }]`, 'institutions[0].aws.secretAccessKey: looks like a credential'],
  ['unknown keys', `institutions: [{ ${ok}, keeptxt: [] }]`, 'institutions[0]: unknown key "keeptxt" (did you mean "keepTxt"?)'],
  ['shape', `institutions: [{ ${ok}, ttl: soon }]`, 'institutions[0].ttl: expected number, got string "soon"'],
])('%s error: exit 2, message, no output folder', (_category, text, message) => {
  const run = runApp(text);
  expect(run.status).toBe(2);
  expect(run.stderr).toContain(message);
  expect(existsSync(run.outdir)).toBe(false);
});
