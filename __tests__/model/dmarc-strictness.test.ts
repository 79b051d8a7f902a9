// The one ordering of DMARC states (none < quarantine; t=y < quarantine < reject; t=y < reject), what receivers apply
// at each, and the state a parsed record sets for p, sp and np.
import { parseDmarcRecord } from '../../model/dmarc-record';
import { appliedPolicy, compareStrictness, DMARC_STRICTNESS_ORDER, DmarcLevel, levelOf, levelText, strictness } from '../../model/dmarc-strictness';

const L = (policy: DmarcLevel['policy'], testing = false): DmarcLevel => ({ policy, testing });

describe('the strictness order', () => {
  it('is none < quarantine; t=y < quarantine < reject; t=y < reject', () => {
    expect(DMARC_STRICTNESS_ORDER.map((l) => levelText(l))).toEqual(['p=none', 'p=quarantine; t=y', 'p=quarantine', 'p=reject; t=y', 'p=reject']);
    expect(DMARC_STRICTNESS_ORDER.map(strictness)).toEqual([0, 1, 2, 3, 4]);
  });

  it.each<[DmarcLevel, DmarcLevel, number]>([
    [L('none'), L('quarantine', true), -1], // the first rollout step is a tightening
    [L('quarantine'), L('quarantine', true), 1], // test mode switched on is a loosening
    [L('reject', true), L('quarantine'), 1],
    [L('reject', true), L('reject'), -1],
    [L('none', true), L('none'), 0], // test mode has nothing to soften below none
  ])('%j vs %j → sign %i', (a, b, sign) => {
    expect(Math.sign(compareStrictness(a, b))).toBe(sign);
  });

  it('receivers apply one step less in test mode (RFC 9989 §4.7)', () => {
    expect(DMARC_STRICTNESS_ORDER.map(appliedPolicy)).toEqual(['none', 'none', 'quarantine', 'quarantine', 'reject']);
  });

  it('writes t=y only where it changes anything, under the tag asked for', () => {
    expect(levelText(L('none', true))).toBe('p=none');
    expect(levelText(L('quarantine', true), 'sp')).toBe('sp=quarantine; t=y');
  });
});

describe('levelOf a parsed record', () => {
  it('reads p, and sp/np with their defaults (RFC 9989 §4.7), with the record\'s t', () => {
    const r = parseDmarcRecord('v=DMARC1; p=reject; sp=quarantine; t=y');
    expect(levelOf(r, 'p')).toEqual(L('reject', true));
    expect(levelOf(r, 'sp')).toEqual(L('quarantine', true));
    expect(levelOf(r, 'np')).toEqual(L('quarantine', true));
  });
  it('is undefined without a valid p', () => {
    expect(levelOf(parseDmarcRecord('v=DMARC1; p=rejekt'), 'p')).toBeUndefined();
  });
});
