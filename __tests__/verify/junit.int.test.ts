// Issue 12 item 8: `verify --junit FILE` writes JUnit XML for CI dashboards: a failing check is a <failure>, a check
// without verdict an <error>, a warning passes with its reason; values from DNS cannot break the XML.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { buildReport } from '../../verify/report';
import { junitXml, xml } from '../../verify/junit';
import { BindServer, describeWithBind, startBind } from '../helpers/bind';
import { testConfigJson, testWorld } from './fixture';
import { runVerify } from './run-verify';
import { SERVER_HOOK_TIMEOUT_MS, CLEANUP_HOOK_TIMEOUT_MS } from '../helpers/timeouts';

const parse = (text: string) => {
  expect(XMLValidator.validate(text)).toBe(true);
  return new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', isArray: (name) => ['testsuite', 'testcase'].includes(name) }).parse(text);
};

describe('junitXml', () => {
  const hostile = 'v=spf1 <script>&"\'\x1b[2J\x00\u{fffe}\ud800 end';
  const report = buildReport(
    [
      {
        code: 'a',
        domain: 'a.example',
        status: 'fail',
        checks: [
          { id: 'spf.record', status: 'pass', reason: 'one SPF record' },
          { id: 'mx', status: 'warn', reason: 'null MX' },
          { id: 'dmarc.record', status: 'fail', reason: hostile },
          { id: 'dkim.stxsel1', status: 'unknown', reason: 'DNS error ESERVFAIL' },
        ],
      },
    ],
    'live',
    '127.0.0.1:53',
  );

  test('one testsuite per institution, one testcase per check; counts of failures and errors', () => {
    const doc = parse(junitXml(report, new Date('2026-11-28T00:00:00Z')));
    expect(doc.testsuites).toMatchObject({ tests: '4', failures: '1', errors: '1', timestamp: '2026-11-28T00:00:00.000Z' });
    const suite = doc.testsuites.testsuite[0];
    expect(suite).toMatchObject({ name: 'a.example (code a)', tests: '4', failures: '1', errors: '1' });
    expect(suite.testcase.map((t: Record<string, unknown>) => [t.name, Object.keys(t).filter((k) => !['name', 'classname'].includes(k))])).toEqual([
      ['spf.record', []],
      ['mx', ['system-out']],
      ['dmarc.record', ['failure']],
      ['dkim.stxsel1', ['error']],
    ]);
    expect(suite.testcase[3].error).toMatchObject({ type: 'no-verdict', message: 'DNS error ESERVFAIL' });
  });

  test('markup and characters XML cannot carry are escaped: the document stays well-formed', () => {
    const failure = parse(junitXml(report)).testsuites.testsuite[0].testcase[2].failure;
    // Markup survives as text (the parser decodes the entities back); control characters arrive as visible escapes.
    expect(failure.message).toBe('v=spf1 <script>&"\'\\x1b[2J\\x00\\u{fffe}\\u{d800} end');
    expect(xml('a\tb\nc')).toBe('a&#9;b&#10;c');
  });
});

describeWithBind('verify --junit against BIND', () => {
  let server: BindServer;
  const dir = mkdtempSync(join(tmpdir(), 'verify-junit-'));
  beforeAll(async () => {
    server = await startBind(testWorld().zones);
  }, SERVER_HOOK_TIMEOUT_MS);
  afterAll(async () => {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  }, CLEANUP_HOOK_TIMEOUT_MS);

  test('writes the file beside the usual output; its failures are the failing checks', async () => {
    const config = join(dir, 'c.json');
    writeFileSync(config, JSON.stringify(testConfigJson(['healthy', 'twospf'])));
    const file = join(dir, 'verify.xml');
    const run = await runVerify(['--config', config, '--dns-server', server.address, '--junit', file]);
    expect(run.code).toBe(1);
    const suites = parse(readFileSync(file, 'utf8')).testsuites.testsuite;
    expect(suites.map((s: Record<string, string>) => [s.name, s.failures])).toEqual([
      ['healthy.test (code healthy)', '0'],
      ['twospf.test (code twospf)', '1'],
    ]);
    expect(run.out).toContain('=> FAIL twospf.test');
  });

  test('an empty --junit is a usage error', async () => {
    expect((await runVerify(['--junit=', '--domain', 'a.test', '--code', 'a'])).code).toBe(2);
  });
});
