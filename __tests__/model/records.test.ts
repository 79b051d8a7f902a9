import { EmailAuthValidationError, Problems } from '../../model/problems';
import { CnameRecord, DnsRecord, emailAuthRecords, EmailAuthOptions, MxRecord, planEmailAuth, TxtRecord } from '../../model/records';
import { PROVIDER_RULES } from '../../model/providers';
import { problemLines } from './problem-lines';
import { SenderProfile } from '../../model/sender-profile';

const base: EmailAuthOptions = { domain: 'mosamuseum.com', code: 'mosa' };

function plan(options: Partial<EmailAuthOptions>, ttlRule = PROVIDER_RULES.route53.ttl) {
  const problems = new Problems();
  const records = planEmailAuth({ ...base, ...options }, problems, ttlRule);
  return {
    records,
    errors: problemLines(problems, 'error'),
    warnings: problemLines(problems, 'warning'),
  };
}

const byKey = (records: readonly DnsRecord[], key: string) => records.find((r) => r.key === key);

describe('planEmailAuth: the records the platform asks for', () => {
  test('minimal options give SPF, two DKIM CNAMEs and DMARC, nothing else', () => {
    const { records, errors } = plan({});
    expect(errors).toEqual([]);
    expect(records).toEqual([
      { key: 'spf', purpose: 'spf', type: 'TXT', name: 'mosamuseum.com', ttl: 3600, values: ['v=spf1 include:spf.secutix.com ~all'], kept: [] },
      { key: 'dkim-stxsel1', purpose: 'dkim', type: 'CNAME', name: 'stxsel1._domainkey.mosamuseum.com', ttl: 3600, values: ['sel1-mosa._domainkey.dkim.secutix.com'] },
      { key: 'dkim-stxsel2', purpose: 'dkim', type: 'CNAME', name: 'stxsel2._domainkey.mosamuseum.com', ttl: 3600, values: ['sel2-mosa._domainkey.dkim.secutix.com'] },
      { key: 'dmarc', purpose: 'dmarc', type: 'TXT', name: '_dmarc.mosamuseum.com', ttl: 3600, values: ['v=DMARC1; p=none'], kept: [] },
    ]);
  });

  test('domain and code are normalised: upper case, trailing dot', () => {
    const { records } = plan({ domain: 'MosaMuseum.COM.', code: 'MOSA' });
    expect(records.map((r) => r.name)).toEqual(['mosamuseum.com', 'stxsel1._domainkey.mosamuseum.com', 'stxsel2._domainkey.mosamuseum.com', '_dmarc.mosamuseum.com']);
    expect((byKey(records, 'dkim-stxsel1') as CnameRecord).values).toEqual(['sel1-mosa._domainkey.dkim.secutix.com']);
  });

  test('a subdomain sender gets its records under the subdomain', () => {
    const { records } = plan({ domain: 'news.example.org' });
    expect(records.map((r) => r.name)).toEqual(['news.example.org', 'stxsel1._domainkey.news.example.org', 'stxsel2._domainkey.news.example.org', '_dmarc.news.example.org']);
  });

  test('MX records form one record set at the domain, in the order given', () => {
    const { records } = plan({ mx: [{ priority: 20, host: 'MX2.mosamuseum.com.' }, { priority: 10, host: 'mx1.mosamuseum.com' }] });
    expect(byKey(records, 'mx')).toEqual({
      key: 'mx', purpose: 'mx', type: 'MX', name: 'mosamuseum.com', ttl: 3600,
      values: [{ priority: 20, host: 'mx2.mosamuseum.com' }, { priority: 10, host: 'mx1.mosamuseum.com' }],
    } satisfies MxRecord);
  });

  test('keepTxt values ride along in the apex TXT set as kept values', () => {
    const spf = byKey(plan({ keepTxt: ['google-site-verification=abc', 'MS=ms123'] }).records, 'spf') as TxtRecord;
    expect(spf.values).toEqual(['v=spf1 include:spf.secutix.com ~all']);
    expect(spf.kept).toEqual(['google-site-verification=abc', 'MS=ms123']);
  });

  test('ttl applies to every record; the provider supplies the default', () => {
    expect(plan({ ttl: 300 }).records.every((r) => r.ttl === 300)).toBe(true);
    expect(plan({}, PROVIDER_RULES.cloudflare.ttl).records.every((r) => r.ttl === 1)).toBe(true);
  });

  test('another sending platform is one sender profile away', () => {
    const profile: SenderProfile = {
      spfInclude: 'spf.mailer.example',
      dkimTargetDomain: 'keys.mailer.example',
      dkimSelectors: [{ selector: 'm1', targetPrefix: 'k1' }, { selector: 'm2', targetPrefix: 'k2' }, { selector: 'm3', targetPrefix: 'k3' }],
    };
    const { records, errors } = plan({ senderProfile: profile });
    expect(errors).toEqual([]);
    expect((byKey(records, 'spf') as TxtRecord).values).toEqual(['v=spf1 include:spf.mailer.example ~all']);
    expect(records.filter((r) => r.type === 'CNAME').map((r) => [r.name, r.values[0]])).toEqual([
      ['m1._domainkey.mosamuseum.com', 'k1-mosa._domainkey.keys.mailer.example'],
      ['m2._domainkey.mosamuseum.com', 'k2-mosa._domainkey.keys.mailer.example'],
      ['m3._domainkey.mosamuseum.com', 'k3-mosa._domainkey.keys.mailer.example'],
    ]);
  });
});

describe('planEmailAuth: rejected input', () => {
  test.each<[string, Partial<EmailAuthOptions>, string]>([
    ['domain that is an email address', { domain: 'info@mosamuseum.com' }, 'domain: domain must be a domain name, not an email address (use the part after "@"), got "info@mosamuseum.com"'],
    ['code with a dot', { code: 'mosa.museum' }, 'code: institution code must be letters, digits and hyphens, not ending with a hyphen (it becomes the DNS label "sel1-mosa.museum"), got "mosa.museum"'],
    ['code with an underscore', { code: 'mosa_1' }, 'code: institution code must be letters, digits and hyphens, not ending with a hyphen (it becomes the DNS label "sel1-mosa_1"), got "mosa_1"'],
    ['code ending in a hyphen', { code: 'mosa-' }, 'code: institution code must be letters, digits and hyphens, not ending with a hyphen (it becomes the DNS label "sel1-mosa-"), got "mosa-"'],
    ['empty code', { code: ' ' }, 'code: institution code must not be empty'],
    ['code too long for a label', { code: 'a'.repeat(59) }, `code: institution code is too long: the DNS label "sel1-${'a'.repeat(59)}" has 64 characters, at most 63 allowed`],
    ['negative ttl', { ttl: -1 }, 'ttl: must be a whole number of seconds from 0 to 2147483647, got -1'],
    ['fractional ttl', { ttl: 1.5 }, 'ttl: must be a whole number of seconds from 0 to 2147483647, got 1.5'],
    ['MX priority above 65535', { mx: [{ priority: 70000, host: 'mx.mosamuseum.com' }] }, 'mx[0].priority: must be an integer between 0 and 65535 inclusive, got 70000'],
    ['MX host that is an IP', { mx: [{ priority: 10, host: '192.0.2.25' }] }, 'mx[0].host: MX host must be a domain name, not an IP address, got "192.0.2.25"'],
    ['MX host twice', { mx: [{ priority: 10, host: 'mx.mosamuseum.com' }, { priority: 20, host: 'MX.mosamuseum.com' }] }, 'mx[1].host: "mx.mosamuseum.com" is listed twice (mx[0] and mx[1])'],
    ['null MX next to another', { mx: [{ priority: 0, host: '.' }, { priority: 10, host: 'mx.mosamuseum.com' }] }, 'mx[0].host: a null MX (".") must be the only MX, with priority 0 (RFC 7505)'],
    ['keepTxt holding SPF', { keepTxt: ['v=spf1 include:_spf.google.com ~all'] }, 'keepTxt[0]: is an SPF record; SPF is managed here: move its terms to spf.mechanisms (two SPF records break all mail, RFC 7208 §4.5)'],
    ['keepTxt holding DMARC', { keepTxt: ['v=DMARC1; p=none'] }, 'keepTxt[0]: is a DMARC record; DMARC is managed here through the dmarc options'],
    ['keepTxt too long', { keepTxt: ['x'.repeat(2049)] }, 'keepTxt[0]: must be at most 2048 characters, has 2049'],
    ['keepTxt empty', { keepTxt: [''] }, 'keepTxt[0]: must not be empty'],
    ['keepTxt twice', { keepTxt: ['a=1', 'a=1'] }, 'keepTxt[1]: "a=1" is listed twice'],
    ['keepTxt with a quote', { keepTxt: ['a="1"'] }, 'keepTxt[0]: TXT value must be printable ASCII without quotes or backslashes; found "\\"" (U+0022) in "a=\\"1\\""'],
    ['profile with an empty selector list', { senderProfile: { spfInclude: 'spf.x.example', dkimTargetDomain: 'dkim.x.example', dkimSelectors: [] } }, 'senderProfile.dkimSelectors: at least one DKIM selector pair is required'],
    ['profile with a bad include', { senderProfile: { spfInclude: 'spf', dkimTargetDomain: 'dkim.x.example', dkimSelectors: [{ selector: 's1', targetPrefix: 't1' }] } }, 'senderProfile.spfInclude: SPF include domain must have at least two labels (e.g. example.org), got "spf"'],
    ['profile with a bad selector', { senderProfile: { spfInclude: 'spf.x.example', dkimTargetDomain: 'dkim.x.example', dkimSelectors: [{ selector: 's_1', targetPrefix: 't1' }] } }, 'senderProfile.dkimSelectors[0].selector: selector must be one DNS label of lowercase letters, digits and hyphens, got "s_1"'],
  ])('%s', (_what, options, error) => {
    const { records, errors } = plan(options);
    expect(errors).toEqual([error]);
    expect(records).toEqual([]);
  });

  test('Cloudflare TTLs: 1 or 60–86400', () => {
    expect(plan({ ttl: 30 }, PROVIDER_RULES.cloudflare.ttl).errors).toEqual(['ttl: Cloudflare takes 1 (automatic) or 60 to 86400 seconds, got 30']);
    expect(plan({ ttl: 86401 }, PROVIDER_RULES.cloudflare.ttl).errors).toEqual(['ttl: Cloudflare takes 1 (automatic) or 60 to 86400 seconds, got 86401']);
    expect(plan({ ttl: 60 }, PROVIDER_RULES.cloudflare.ttl).errors).toEqual([]);
    expect(plan({ ttl: 30 }).errors).toEqual([]);
  });

  test('a null MX alone is accepted with a warning about bounces', () => {
    const { records, warnings } = plan({ mx: [{ priority: 0, host: '.' }] });
    expect(byKey(records, 'mx')?.values).toEqual([{ priority: 0, host: '.' }]);
    expect(warnings).toEqual(['mx[0].host: null MX: the domain accepts no mail, so bounces and replies to the sender address are lost']);
  });

  test('every problem is reported at once', () => {
    const { errors } = plan({ domain: 'bad..org', code: 'a.b', spf: { mechanisms: ['foo'] }, dmarc: { policy: 'x' as never }, ttl: -5 });
    expect(errors.map((e) => e.split(':')[0])).toEqual(['domain', 'code', 'ttl', 'spf.mechanisms[0]', 'dmarc.policy']);
  });

  test('emailAuthRecords throws one EmailAuthValidationError listing every error', () => {
    let thrown: unknown;
    try {
      emailAuthRecords({ domain: 'x', code: 'a.b' });
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(EmailAuthValidationError);
    const error = thrown as EmailAuthValidationError;
    expect(error.problems.map((p) => p.path)).toEqual(['domain', 'code']);
    expect(error.message.split('\n')).toEqual([
      'domain: domain must have at least two labels (e.g. example.org), got "x"',
      'code: institution code must be letters, digits and hyphens, not ending with a hyphen (it becomes the DNS label "sel1-a.b"), got "a.b"',
    ]);
  });

  test('emailAuthRecords returns warnings with the records', () => {
    const { records, warnings } = emailAuthRecords({ ...base, spf: { mechanisms: ['ptr'] } });
    expect(records).toHaveLength(4);
    expect(warnings.map((w) => w.path)).toEqual(['spf.mechanisms[0]', 'spf.mechanisms']);
  });
});
