// The term-by-term SPF diff and the tag-by-tag DMARC diff, both read with the one parser of each record.
import { diffDmarc } from '../../model/dmarc-diff';
import { diffSpf, isEmptySpfDiff } from '../../model/spf-diff';

const texts = (terms: readonly { text: string }[]) => terms.map((t) => t.text);

describe('diffSpf', () => {
  it('lists the terms added and removed, and the all qualifier apart', () => {
    const d = diffSpf('v=spf1 include:spf.secutix.com ip4:198.51.100.7 ~all', 'v=spf1 include:spf.secutix.com include:servers.mcsv.net -all')!;
    expect(texts(d.added)).toEqual(['include:servers.mcsv.net']);
    expect(texts(d.removed)).toEqual(['ip4:198.51.100.7']);
    expect(d.all).toEqual({ from: '~all', to: '-all' });
  });

  it('ignores case of domains, a written +, a trailing order change', () => {
    const d = diffSpf('v=spf1 include:SPF.secutix.com +a ~all', 'v=spf1 a include:spf.secutix.com ~all')!;
    expect(isEmptySpfDiff(d)).toBe(true);
  });

  it('keeps macro case (%{i} and %{I} differ) and a qualifier change as removal plus addition', () => {
    const d = diffSpf('v=spf1 exists:%{i}.x.example include:a.example ~all', 'v=spf1 exists:%{I}.x.example ~include:a.example ~all')!;
    expect(texts(d.added)).toEqual(['exists:%{I}.x.example', '~include:a.example']);
    expect(texts(d.removed)).toEqual(['exists:%{i}.x.example', 'include:a.example']);
    expect(d.all).toBeUndefined();
  });

  it('treats a new or dropped all and redirect as terms', () => {
    const d = diffSpf('v=spf1 include:a.example ~all', 'v=spf1 include:a.example redirect=_spf.example.com')!;
    expect(texts(d.added)).toEqual(['redirect=_spf.example.com']);
    expect(texts(d.removed)).toEqual(['~all']);
  });

  it('gives up on a record that does not parse', () => {
    expect(diffSpf('v=spf1 ~all', 'v=spf1 include: ~all')).toBeUndefined();
    expect(diffSpf('nonsense', 'v=spf1 ~all')).toBeUndefined();
  });
});

describe('diffDmarc', () => {
  it('lists changed, added and removed tags, keywords case-insensitively', () => {
    expect(diffDmarc('v=DMARC1; p=none; pct=50; rua=mailto:a@example.com', 'v=DMARC1; p=QUARANTINE; t=y; rua=mailto:a@example.com; ruf=mailto:f@example.com')).toEqual([
      { tag: 'p', before: 'none', after: 'QUARANTINE' },
      { tag: 't', after: 'y' },
      { tag: 'ruf', after: 'mailto:f@example.com' },
      { tag: 'pct', before: '50' },
    ]);
    expect(diffDmarc('v=DMARC1; p=reject', 'v=DMARC1; p=ReJect')).toEqual([]);
  });

  it('compares report URIs as written, and gives up without v=DMARC1', () => {
    expect(diffDmarc('v=DMARC1; p=none; rua=mailto:A@example.com', 'v=DMARC1; p=none; rua=mailto:a@example.com')).toEqual([{ tag: 'rua', before: 'mailto:A@example.com', after: 'mailto:a@example.com' }]);
    expect(diffDmarc('p=none', 'v=DMARC1; p=none')).toBeUndefined();
  });

  it('reads prototype keys as plain tags', () => {
    expect(diffDmarc('v=DMARC1; p=none', 'v=DMARC1; p=none; constructor=x')).toEqual([{ tag: 'constructor', after: 'x' }]);
  });
});
