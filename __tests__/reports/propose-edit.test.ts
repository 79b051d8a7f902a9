// The config edit of --propose, case by case: the result is the original text with only the step's characters
// changed or lines added (compared as whole texts), and every hostile shape is either edited safely or refused with
// the reason. The last part goes through the file: temporary file, the normal loader, rename; nothing on refusal.
import { mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfigFile } from '../../config/load';
import { ConfigEditError, ConfigStep, editConfigText } from '../../reports/propose/edit-config';
import { ProposeError, proposeSteps } from '../../reports/propose/propose';
import { ReportsAnalysis } from '../../reports/analyze';
import { InstitutionSummary } from '../../reports/analysis/summary';
import { evaluateReadiness } from '../../reports/readiness/evaluate';
import { DEFAULT_THRESHOLDS } from '../../reports/readiness/thresholds';

const FIRST: ConfigStep['change'] = { policy: 'quarantine', t: true };
const step = (code: string, index = 0, change: ConfigStep['change'] = FIRST): ConfigStep => ({ index, code, change });
const edit = (text: string, steps: ConfigStep[], json = false) => editConfigText(text, json, steps);

describe('YAML: only the step changes', () => {
  test.each<[string, string, string, ConfigStep['change']?]>([
    [
      'a flow map: values replaced in place, t added after policy',
      'institutions:\n  - code: a\n    dmarc: { policy: none, rua: ["mailto:x@a.example"] } # eol\n',
      'institutions:\n  - code: a\n    dmarc: { policy: quarantine, t: true, rua: ["mailto:x@a.example"] } # eol\n',
    ],
    [
      'a block map: quoting kept, end-of-line comment kept, t on its own line after policy',
      'institutions:\n  - code: a\n    dmarc:\n      # the policy\n      policy: "none"   # for now\n      rua: [x]\n',
      'institutions:\n  - code: a\n    dmarc:\n      # the policy\n      policy: "quarantine"   # for now\n      t: true\n      rua: [x]\n',
    ],
    [
      "single quotes, and a t that is there already",
      "institutions:\n  - code: a\n    dmarc:\n      t: true\n      policy: 'quarantine'\n",
      "institutions:\n  - code: a\n    dmarc:\n      t: false\n      policy: 'quarantine'\n",
      { t: false },
    ],
    [
      'no dmarc on the institution (it comes from defaults): a block dmarc after its last key, defaults untouched',
      'defaults:\n  dmarc: { policy: none }\ninstitutions:\n  - code: a\n    senderProfile:\n      x: y\n\n  - code: b\n',
      'defaults:\n  dmarc: { policy: none }\ninstitutions:\n  - code: a\n    senderProfile:\n      x: y\n    dmarc:\n      policy: quarantine\n      t: true\n\n  - code: b\n',
    ],
    ['a flow institution', 'institutions:\n  - { code: a, domain: a.example }\n', 'institutions:\n  - { code: a, domain: a.example, dmarc: { policy: quarantine, t: true } }\n'],
    ['the last line without a newline', 'institutions:\n  - code: a\n    dmarc:\n      policy: none', 'institutions:\n  - code: a\n    dmarc:\n      policy: quarantine\n      t: true'],
    ['a comment between key and value', 'institutions:\n  - code: a\n    dmarc:\n      policy: # soon stricter\n        none\n', 'institutions:\n  - code: a\n    dmarc:\n      policy: # soon stricter\n        quarantine\n      t: true\n'],
    ['an empty flow map', 'institutions:\n  - code: a\n    dmarc: {}\n', 'institutions:\n  - code: a\n    dmarc: { policy: quarantine, t: true }\n'],
    ['a flow map over several lines', 'institutions:\n  - code: a\n    dmarc: {\n      policy: none,\n      rua: [x]\n    }\n', 'institutions:\n  - code: a\n    dmarc: {\n      policy: quarantine,\n      t: true,\n      rua: [x]\n    }\n'],
    ['a tag on the value', 'institutions:\n  - code: a\n    dmarc: { policy: !!str none }\n', 'institutions:\n  - code: a\n    dmarc: { policy: !!str quarantine, t: true }\n'],
    [
      'sp and np follow, keys added in the ladder order',
      'institutions:\n  - code: a\n    dmarc:\n      policy: quarantine\n      subdomainPolicy: none\n',
      'institutions:\n  - code: a\n    dmarc:\n      policy: reject\n      nonexistentSubdomainPolicy: reject\n      subdomainPolicy: reject\n',
      { policy: 'reject', subdomainPolicy: 'reject', nonexistentSubdomainPolicy: 'reject' },
    ],
    [
      'an anchor nobody uses: edited',
      'institutions:\n  - code: a\n    dmarc: &mine { policy: none }\n',
      'institutions:\n  - code: a\n    dmarc: &mine { policy: quarantine, t: true }\n',
    ],
  ])('%s', (_what, before, after, change = FIRST) => {
    const result = edit(before, [step('a', 0, change)]);
    expect(result.refused).toEqual([]);
    expect(result.text).toBe(after);
  });

  test('CRLF line endings and a byte-order mark stay', () => {
    const before = '\ufeff# c\r\ninstitutions:\r\n  - code: a\r\n    dmarc:\r\n      policy: none\r\n';
    expect(edit(before, [step('a')]).text).toBe('\ufeff# c\r\ninstitutions:\r\n  - code: a\r\n    dmarc:\r\n      policy: quarantine\r\n      t: true\r\n');
  });

  test('two institutions in one run, each its own step', () => {
    const before = 'institutions:\n  - code: a\n    dmarc: { policy: none }\n  - code: b\n    dmarc: { policy: quarantine, t: true }\n';
    const result = edit(before, [step('a', 0), step('b', 1, { t: false })]);
    expect(result.text).toBe('institutions:\n  - code: a\n    dmarc: { policy: quarantine, t: true }\n  - code: b\n    dmarc: { policy: quarantine, t: false }\n');
    expect(result.applied.map((s) => s.code)).toEqual(['a', 'b']);
  });
});

describe('JSON: indentation kept', () => {
  test.each<[string, number | string]>([
    ['2 spaces', 2],
    ['4 spaces', 4],
    ['tabs', '\t'],
  ])('indented by %s: the new key on its own line at the same indentation', (_what, n) => {
    const o = { institutions: [{ code: 'a', dmarc: { policy: 'none', rua: ['mailto:x@a.example'] } }, { code: 'b' }] };
    const before = JSON.stringify(o, null, n) + '\n';
    const result = edit(before, [step('a', 0), step('b', 1)], true);
    const expected = { institutions: [{ code: 'a', dmarc: { policy: 'quarantine', t: true, rua: ['mailto:x@a.example'] } }, { code: 'b', dmarc: { policy: 'quarantine', t: true } }] };
    expect(result.text).toBe(JSON.stringify(expected, null, n) + '\n');
  });

  test('a compact JSON file stays compact', () => {
    const before = '{"institutions":[{"code":"a","dmarc":{"policy":"none"}}]}';
    expect(edit(before, [step('a')], true).text).toBe('{"institutions":[{"code":"a","dmarc":{"policy":"quarantine", "t": true}}]}');
  });
});

describe('refused, with the reason', () => {
  test.each<[string, string, RegExp]>([
    ['dmarc is an alias', 'x: &shared { policy: none }\ninstitutions:\n  - code: a\n    dmarc: *shared\n', /institutions\[0\] \(a\): its dmarc map is an alias \(\*shared\) of a node others share/],
    ['dmarc is anchored and shared', 'institutions:\n  - code: a\n    dmarc: &d { policy: none }\n  - code: b\n    dmarc: *d\n', /its dmarc map is anchored \(&d\) and used by aliases; editing it would change every place that uses it/],
    ['the value is shared', 'institutions:\n  - code: a\n    dmarc: { policy: &p none }\n  - code: b\n    dmarc: { policy: *p }\n', /dmarc\.policy is anchored \(&p\) and used by aliases/],
    ['the entry is an alias', 'x: &e { code: a }\ninstitutions:\n  - *e\n', /the entry is an alias \(\*e\)/],
    ['a block scalar', 'institutions:\n  - code: a\n    dmarc:\n      policy: |\n        none\n', /dmarc\.policy is written as a block scalar/],
    ['another institution at that index now', 'institutions:\n  - code: b\n', /the entry's code is "b" now \(the file changed since it was read\)/],
  ])('%s', (_what, text, reason) => {
    const result = edit(text, [step('a')]);
    expect(result.refused).toEqual([{ step: step('a'), reason: expect.stringMatching(reason) }]);
    expect(result.text).toBe(text);
  });

  test.each<[string, string, RegExp]>([
    ['duplicate keys', 'institutions:\n  - code: a\n    dmarc: { policy: none, policy: none }\n', /the config cannot be edited: Map keys must be unique/],
    ['mixed line endings', 'institutions:\r\n  - code: a\n', /mixes CRLF and LF line endings/],
    ['a lone carriage return', 'institutions:\r  - code: a\n', /carriage returns that do not end lines/],
  ])('the whole file: %s', (_what, text, message) => {
    expect(() => edit(text, [step('a')])).toThrow(ConfigEditError);
    expect(() => edit(text, [step('a')])).toThrow(message);
  });

  test('merge keys (`<<: *defaults`) never get this far: the config loader refuses them (YAML 1.2 has none)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'propose-merge-'));
    const file = join(dir, 'institutions.yaml');
    writeFileSync(file, 'defaults:\n  dmarc: &d { policy: none }\ninstitutions:\n  - code: a\n    domain: a.example\n    provider: route53\n    zoneId: Z1\n    dmarc:\n      <<: *d\n');
    try {
      const { config, problems } = loadConfigFile(file);
      expect(config).toBeUndefined();
      expect(problems.map((p) => p.message).join('\n')).toContain('"<<"');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('one refused institution does not stop the others', () => {
    const text = 'institutions:\n  - code: a\n    dmarc: &d { policy: none }\n  - code: b\n    dmarc: { policy: none }\n  - code: c\n    dmarc: *d\n';
    const result = edit(text, [step('a', 0), step('b', 1)]);
    expect(result.refused.map((r) => r.step.code)).toEqual(['a']);
    expect(result.text).toBe(text.replace('code: b\n    dmarc: { policy: none }', 'code: b\n    dmarc: { policy: quarantine, t: true }'));
  });

  test('hostile text in the file stays text: template syntax and control characters elsewhere are untouched', () => {
    const text = 'institutions:\n  - code: a\n    keepTxt: ["${file(\\"/etc/passwd\\")}", "\\u001b[2J"]\n    dmarc: { policy: none }\n';
    expect(edit(text, [step('a')]).text).toBe(text.replace('{ policy: none }', '{ policy: quarantine, t: true }'));
  });
});

describe('proposeSteps: through the file', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'propose-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const VALID = 'institutions:\n  - code: a\n    domain: a.example\n    provider: route53\n    zoneId: Z1\n    dmarc: { policy: none } # start\n';
  const analysisFor = (codes: string[], policy = { p: 'none' as const, t: false }): ReportsAnalysis => {
    const summary = (code: string): InstitutionSummary => ({
      code,
      domain: `${code}.example`,
      selectors: ['stxsel1'],
      policy,
      published: null,
      thresholds: DEFAULT_THRESHOLDS,
      reports: 30,
      reporters: [],
      days: 30,
      daysAtPolicy: 30,
      messages: 1000,
      dmarcPass: 1000,
      passRate: 100,
      platform: { messages: 1000, alignedDkimPass: 1000, passRate: 100, failingSources: [] },
      sourceCount: 0,
      failingSources: [],
      receivers: [],
      recent: { days: 90, messages: 1000, blockingSources: [] },
      daily: [],
    });
    return {
      period: null,
      input: { reports: 0, duplicates: 0, inHistory: 0, beforeWindow: 0, outsideConfig: 0, skipped: 0, problemCount: 0, problems: [] },
      history: null,
      ptr: null,
      reporters: [],
      institutions: codes.map((c) => ({ summary: summary(c), readiness: evaluateReadiness(summary(c)) })),
      outside: [],
    };
  };

  test('written whole after the loader read it back; no temporary file left', () => {
    const file = join(dir, 'institutions.yaml');
    writeFileSync(file, VALID);
    const { config } = loadConfigFile(file);
    expect(proposeSteps(file, config!, analysisFor(['a']), true)).toEqual({ file, applied: ['a'], refused: [], written: true });
    expect(readFileSync(file, 'utf8')).toBe(VALID.replace('{ policy: none }', '{ policy: quarantine, t: true }'));
    expect(readdirSync(dir)).toEqual(['institutions.yaml']);
  });

  test('an edit that would not load (the file changed meanwhile) writes nothing', () => {
    const file = join(dir, 'institutions.yaml');
    writeFileSync(file, VALID);
    const { config } = loadConfigFile(file);
    // Since the config was loaded, someone made the file invalid in a way the edit does not touch.
    writeFileSync(file, VALID.replace('zoneId: Z1', 'zoneId: Z1\n    bogus: 1'));
    expect(() => proposeSteps(file, config!, analysisFor(['a']), true)).toThrow(ProposeError);
    expect(() => proposeSteps(file, config!, analysisFor(['a']), true)).toThrow(/the edited config would not load \(institutions\[0\]: unknown key "bogus"\); nothing was written/);
    expect(readFileSync(file, 'utf8')).toContain('bogus: 1\n    dmarc: { policy: none }');
    expect(readdirSync(dir)).toEqual(['institutions.yaml']);
  });

  test('a config that is a symbolic link is refused', () => {
    const real = join(dir, 'real.yaml');
    writeFileSync(real, VALID);
    const link = join(dir, 'institutions.yaml');
    symlinkSync(real, link);
    const { config } = loadConfigFile(link);
    expect(() => proposeSteps(link, config!, analysisFor(['a']), true)).toThrow(/is a symbolic link: the config to edit must be a regular file/);
    expect(readFileSync(real, 'utf8')).toBe(VALID);
  });

  test('JSON by its extension; --pr-body alone (write false) edits nothing', () => {
    const file = join(dir, 'institutions.json');
    const data = { institutions: [{ code: 'a', domain: 'a.example', provider: 'route53', zoneId: 'Z1', dmarc: { policy: 'none' } }] };
    writeFileSync(file, JSON.stringify(data, null, 2));
    const { config } = loadConfigFile(file);
    expect(proposeSteps(file, config!, analysisFor(['a']), false)).toEqual({ file, applied: ['a'], refused: [], written: false });
    expect(readFileSync(file, 'utf8')).toBe(JSON.stringify(data, null, 2));
    proposeSteps(file, config!, analysisFor(['a']), true);
    expect(JSON.parse(readFileSync(file, 'utf8')).institutions[0].dmarc).toEqual({ policy: 'quarantine', t: true });
  });
});
