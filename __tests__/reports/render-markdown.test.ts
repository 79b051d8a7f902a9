// Issue 17 item 4: the reports page says something. Charts only from 3 days of data, each with the threshold as its
// own line and a y-axis near the data; one fleet chart; verdicts in prose with numbers; every Mermaid block accepted
// by Mermaid's own parser; and the page as GitHub shows it (GFM + alerts): sections in order, values in their cells.
import { ReportsAnalysis } from '../../reports/analyze';
import { InstitutionSummary } from '../../reports/analysis/summary';
import { evaluateReadiness } from '../../reports/readiness/evaluate';
import { DEFAULT_THRESHOLDS } from '../../reports/readiness/thresholds';
import { renderMarkdown } from '../../reports/render/markdown';
import { fleetChart, FLEET_CHART_MAX, passRateChart, yAxisFloor } from '../../reports/render/mermaid';
import { closeMermaid, mermaidBlocks, mermaidParser } from '../helpers/mermaid-parser';
import { analyse, sectionOrder } from '../summary/rendered-html';

afterAll(closeMermaid);

const day = (i: number) => `2026-11-${String(i + 1).padStart(2, '0')}`;
function inst(code: string, days: number, passPerDay: (i: number) => number, messagesPerDay = 100, over: Partial<InstitutionSummary> = {}): InstitutionSummary {
  const daily = Array.from({ length: days }, (_, i) => ({ day: day(i), messages: messagesPerDay, dmarcPass: passPerDay(i) }));
  const messages = daily.reduce((n, d) => n + d.messages, 0);
  const dmarcPass = daily.reduce((n, d) => n + d.dmarcPass, 0);
  return {
    code,
    domain: `${code}.example`,
    selectors: ['stxsel1', 'stxsel2'],
    policy: { p: 'none', t: false },
    published: { p: 'none', lastSeen: day(days - 1) },
    thresholds: DEFAULT_THRESHOLDS,
    reports: days,
    reporters: ['google.com'],
    days,
    daysAtPolicy: days,
    messages,
    dmarcPass,
    passRate: messages ? (dmarcPass * 100) / messages : null,
    platform: { messages, alignedDkimPass: messages, passRate: 100, failingSources: [] },
    sourceCount: 1,
    failingSources: [],
    receivers: [],
    recent: { days: 90, messages, blockingSources: [] },
    daily,
    ...over,
  };
}
function analysis(summaries: InstitutionSummary[]): ReportsAnalysis {
  return {
    period: { begin: day(0), end: day(20) },
    input: { reports: 10, duplicates: 0, inHistory: 0, beforeWindow: 0, outsideConfig: 0, skipped: 0, problemCount: 0, problems: [] },
    history: null,
    ptr: null,
    reporters: ['google.com'],
    institutions: summaries.map((summary) => ({ summary, readiness: evaluateReadiness(summary) })),
    outside: [],
  };
}

const BIG = inst('mosa', 20, (i) => 95 + (i % 5));
const SMALL = inst('kunsthaus', 2, () => 90);
const ONE_DAY = inst('filmfest', 1, () => 30, 30);
const page = renderMarkdown(analysis([BIG, SMALL, ONE_DAY]));

describe('charts', () => {
  it('draw a daily chart only from 3 days of data; fewer days get one sentence', () => {
    expect(passRateChart(inst('a', 2, () => 50))).toEqual([]);
    expect(passRateChart(inst('a', 3, () => 50))).toHaveLength(8);
    expect(page).toContain('2 days of reports: too few for a daily chart (3 needed)');
    expect(page).toContain('1 day of reports: too few for a daily chart (3 needed)');
    expect(page).toContain('title "mosa: daily DMARC pass rate (%), flat line = 98 % threshold"');
    expect(page).not.toContain('title "kunsthaus: daily');
  });

  it('show the threshold as its own line and start the y-axis near the data', () => {
    const chart = passRateChart(BIG).join('\n');
    expect(chart).toContain(`  line [${Array(20).fill('98.0').join(', ')}]`);
    expect(chart).toContain('  y-axis "DMARC pass %" 90 --> 100');
    expect(yAxisFloor([99, 100], [98])).toBe(95);
    expect(yAxisFloor([12], [98])).toBe(10);
    expect(yAxisFloor([0], [98])).toBe(0);
    expect(yAxisFloor([100], [100])).toBe(95);
  });

  it('one fleet chart: each institution\'s rate over the window as a bar, the threshold as a line, the lowest 40 of a large fleet', () => {
    const fleet = fleetChart([BIG, SMALL, ONE_DAY]).join('\n');
    expect(fleet).toContain('  x-axis ["filmfest", "kunsthaus", "mosa"]');
    expect(fleet).toContain('  bar [100.0, 90.0, 97.0]\n  line [98.0, 98.0, 98.0]');
    const many = Array.from({ length: 60 }, (_, i) => inst(`i${String(i).padStart(2, '0')}`, 1, () => 100 - (i % 50), 100));
    const big = fleetChart(many).join('\n');
    expect(big.match(/x-axis \[(.*)\]/)![1]!.split(', ')).toHaveLength(FLEET_CHART_MAX);
    expect(big).toContain('"i49"');
    expect(big).not.toContain('"i00"');
    expect(fleetChart([BIG])).toEqual([]);
    expect(renderMarkdown(analysis(many))).toContain(`The ${FLEET_CHART_MAX} lowest of 60 institutions with mail.`);
  });
});

describe('verdicts', () => {
  it('are prose with the numbers, not a long code span', () => {
    const section = page.slice(page.indexOf('### `kunsthaus`'));
    const line = section.split('\n').find((l) => l.startsWith('**⏳ not yet**'))!;
    expect(line).toBe('**⏳ not yet** for `p=quarantine; t=y`: 2 days of reports at `p=none`, 14 needed; DMARC pass rate 90.0 % (180 of 200 messages), 98 % needed.');
    expect(page).toContain('DMARC pass rate 97.0 % (1,940 of 2,000 messages), 98 % needed.');
    for (const span of analyse(page).codeTexts) expect(span.length).toBeLessThan(80);
  });
});

describe('every Mermaid block parses with Mermaid\'s own parser', () => {
  it.each([
    ['the page of 3 institutions', page],
    ['a fleet of 60', renderMarkdown(analysis(Array.from({ length: 60 }, (_, i) => inst(`i${i}`, (i % 5) + 1, () => 90 + (i % 10)))))],
  ])('%s', async (_, markdown) => {
    const blocks = mermaidBlocks(markdown);
    expect(blocks.length).toBeGreaterThan(0);
    for (const block of blocks) await expect(mermaidParser().parse(block)).resolves.toMatchObject({ diagramType: 'xychart' });
  }, 30_000);

  it('and the parser refuses a block GitHub would fail to render', async () => {
    const broken = passRateChart(BIG).slice(1, -1).join('\n').replace('line [98.0', 'line [98.0,,');
    await expect(mermaidParser().parse(broken)).rejects.toThrow(/Parse error/);
    await expect(mermaidParser().parse('xychart-beta\n  x-axis ["a b]\n')).rejects.toThrow();
  }, 30_000);
});

describe('the page as GitHub shows it', () => {
  it('reads overview, fleet chart, then each institution; every table keeps its cells', () => {
    const r = analyse(page);
    expect(sectionOrder(r.html)).toEqual([
      'h2 DMARC reports: 2026-11-01 to 2026-11-21',
      'table',
      'h3 DMARC pass rate per institution',
      'h3 mosa mosamuseum.com'.replace('mosamuseum.com', 'mosa.example'),
      'h3 kunsthaus kunsthaus.example',
      'h3 filmfest filmfest.example',
    ]);
    for (const t of r.tables) for (const cells of t.rows) expect(cells).toBe(t.header);
    expect(r.html).toContain('<pre><code class="language-mermaid">xychart-beta');
  });
});

describe('issue 19 on the page: sources blocking p=reject, forwarders, receivers', () => {
  const mailchimp = { id: 'mailchimp', name: 'Mailchimp', kind: 'esp' as const, via: 'ptr' as const, matched: 'mail77.mcsv.net', forwarder: false, spfInclude: 'servers.mcsv.net', fix: { dkim: 'authenticate the domain in Mailchimp' } };
  const blocking = {
    ip: '198.51.100.77',
    messages: 300,
    dmarcPass: 0,
    spfAlignedPass: 0,
    dkimAlignedPass: 0,
    spf: [{ result: 'pass', messages: 300 }],
    spfDomains: ['mail77.mcsv.net'],
    dkim: [],
    reporters: ['google.com'],
    ptr: { name: 'mail77.mcsv.net', confirmed: true },
    sender: mailchimp,
    recentFailing: 280,
  };
  const receiver = (reporter: string, large: string | null, messages: number, pass: number, flagged: boolean) => ({ reporter, large, reports: 40, messages, dmarcPass: pass, passRate: (pass * 100) / messages, platformMessages: messages, platformPass: messages, platformPassRate: 100, flagged });
  const quarantined = inst('musee', 40, () => 99, 100, {
    policy: { p: 'quarantine', t: false },
    recent: { days: 90, messages: 4000, blockingSources: [blocking] },
    receivers: [receiver('google.com', 'Gmail', 3000, 2900, true), receiver('Evil | `org` <b>', null, 1000, 1000, false)],
  });
  const md = renderMarkdown(analysis([quarantined]));

  it('the verdict in prose, and the blocking sources with their service and fix', () => {
    expect(md).toContain('**⏳ not yet** for `p=reject`: 1 source failed DMARC with 10 messages or more (and 1 % of the mail) over the last 90 days: listed below with their fix.');
    expect(md).toContain('Sources blocking `p=reject` (DMARC failures over the last 90 days):');
    expect(md).toContain('| `198.51.100.77` | Mailchimp `(mail77.mcsv.net)` | 300 | 280 | `pass ×300` | `none` | `google.com` | add `include:servers.mcsv.net` to the SPF record (SPF alone may not align with the From domain: the DKIM set-up does); authenticate the domain in Mailchimp |');
  });

  it('one table per receiver over the fleet, names from reports escaped, the large one below the threshold flagged', () => {
    expect(md).toContain('| `google.com` (Gmail) | 3,000 | 96.6 % | 3,000 | 100.0 % | ⚠️ `musee` |');
    expect(md).toContain('| `` Evil \\| `org` <b> `` | 1,000 | 100.0 % | 1,000 | 100.0 % |  |');
    expect(md).toContain('⚠️ Large receivers below the 98 % threshold: `google.com` (Gmail: DMARC pass 96.6 %, platform aligned DKIM 100.0 %).');
    const r = analyse(md);
    for (const t of r.tables) for (const cells of t.rows) expect(cells).toBe(t.header);
    expect(r.html).not.toContain('<b>');
  });
});
