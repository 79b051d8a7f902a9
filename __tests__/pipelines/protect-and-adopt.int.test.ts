// What the real app writes for `protect`, `adoptExisting` and `allowOverwrite` (synthesized JSON; the plan test
// shows terraform accepts these stacks).
import { validateConfig } from '../../config/load';
import { formatProblem } from '../../model/problems';
import { cleanupTerraformDirs } from '../helpers/terraform';
import { stackJson, synthApp } from '../helpers/synth-app';
import { CLEANUP_HOOK_TIMEOUT_MS } from '../helpers/timeouts';

type Blocks = Record<string, Record<string, unknown>>;

const route53 = (extra: object) => ({ code: 'zoo', domain: 'zoo.example', provider: 'route53', zoneId: 'Z0ZOO0000000000000001', mx: [{ priority: 10, host: 'mx.zoo.example' }], ...extra });
const cloudflare = (extra: object) => ({ code: 'opera', domain: 'opera.example', provider: 'cloudflare', zoneId: '0123456789abcdef0123456789abcdef', mx: [{ priority: 10, host: 'mx.opera.example' }], ...extra });

/** Every DNS record block of the one stack the config synthesizes. */
function synthRecords(institution: object): { json: Record<string, any>; records: Blocks } {
  const [dir] = [...synthApp({ institutions: [institution] }).stacks.values()];
  const json = stackJson(dir!);
  return { json, records: { ...json.resource.aws_route53_record, ...json.resource.cloudflare_dns_record } };
}

afterAll(cleanupTerraformDirs, CLEANUP_HOOK_TIMEOUT_MS);

describe('protect', () => {
  it.each([
    ['route53', route53],
    ['cloudflare', cloudflare],
  ])('%s: sets lifecycle.prevent_destroy on every record when true', (_, institution) => {
    const { records } = synthRecords(institution({ protect: true }));
    expect(Object.keys(records).length).toBeGreaterThanOrEqual(5);
    for (const block of Object.values(records)) expect(block.lifecycle).toEqual({ prevent_destroy: true });
  });

  it.each([
    ['route53', {}, route53],
    ['cloudflare', {}, cloudflare],
    ['route53', { protect: false }, route53],
    ['cloudflare', { protect: false }, cloudflare],
  ])('%s: sets no lifecycle by default or when false (%j)', (_, extra, institution) => {
    const { records } = synthRecords(institution(extra));
    for (const block of Object.values(records)) expect(block).not.toHaveProperty('lifecycle');
  });
});

describe('adoptExisting (Route53)', () => {
  it('true: one import block per record set, id <zoneId>_<name>_<type>', () => {
    const { json } = synthRecords(route53({ adoptExisting: true }));
    const byAddress = Object.fromEntries(Object.entries(json.resource.aws_route53_record as Blocks).map(([id, b]) => [`aws_route53_record.${id}`, `${b.name} ${b.type}`]));
    const imports = (json.import as { to: string; id: string }[]).map(({ to, id }) => [byAddress[to], id]).sort();
    expect(imports).toEqual([
      ['_dmarc.zoo.example TXT', 'Z0ZOO0000000000000001__dmarc.zoo.example_TXT'],
      ['stxsel1._domainkey.zoo.example CNAME', 'Z0ZOO0000000000000001_stxsel1._domainkey.zoo.example_CNAME'],
      ['stxsel2._domainkey.zoo.example CNAME', 'Z0ZOO0000000000000001_stxsel2._domainkey.zoo.example_CNAME'],
      ['zoo.example MX', 'Z0ZOO0000000000000001_zoo.example_MX'],
      ['zoo.example TXT', 'Z0ZOO0000000000000001_zoo.example_TXT'],
    ]);
  });

  it('a list of purposes: imports only those record sets (importing a missing one would fail the plan)', () => {
    const { json } = synthRecords(route53({ adoptExisting: ['spf', 'mx'] }));
    expect((json.import as { id: string }[]).map((i) => i.id).sort()).toEqual(['Z0ZOO0000000000000001_zoo.example_MX', 'Z0ZOO0000000000000001_zoo.example_TXT']);
  });

  it.each([[{}], [{ adoptExisting: false }], [{ adoptExisting: [] }]])('writes no import block for %j', (extra) => {
    expect(synthRecords(route53(extra)).json).not.toHaveProperty('import');
  });

  it('never turns on allow_overwrite by itself', () => {
    for (const block of Object.values(synthRecords(route53({ adoptExisting: true })).records)) expect(block).not.toHaveProperty('allow_overwrite');
  });

  it.each([
    ['on Cloudflare', cloudflare({ adoptExisting: true }), 'institutions[0].adoptExisting: applies to provider route53 only (Cloudflare import ids hold record ids that only the API knows: see docs/pipelines.md)'],
    ['without zoneId', route53({ zoneId: undefined, zoneName: 'zoo.example', adoptExisting: ['spf'] }), 'institutions[0].adoptExisting: needs zoneId: the import id of each record set is <zoneId>_<name>_<type>'],
    ['an unknown purpose', route53({ adoptExisting: ['spf', 'dkimm'] }), 'institutions[0].adoptExisting[1]: expected spf|dkim|dmarc|mx, got "dkimm"'],
    ['a string', route53({ adoptExisting: 'yes' }), 'institutions[0].adoptExisting: expected boolean or array, got string "yes"'],
  ])('refuses adoptExisting %s', (_, institution, message) => {
    expect(validateConfig({ institutions: [institution] }).problems.map(formatProblem)).toEqual([message]);
  });
});

describe('allowOverwrite (Route53)', () => {
  it('is absent unless the config sets it, and rendered as given when it does', () => {
    for (const block of Object.values(synthRecords(route53({})).records)) expect(block).not.toHaveProperty('allow_overwrite');
    for (const value of [true, false]) {
      for (const block of Object.values(synthRecords(route53({ allowOverwrite: value })).records)) expect(block.allow_overwrite).toBe(value);
    }
  });
});
