// The table of known senders: every entry complete and cited, ids unique, lookups by include and PTR name.
import { KNOWN_SENDERS, senderByPtrName, senderBySpfInclude } from '../../model/known-senders';

describe('KNOWN_SENDERS', () => {
  it('has unique ids and one entry per include', () => {
    expect(new Set(KNOWN_SENDERS.map((s) => s.id)).size).toBe(KNOWN_SENDERS.length);
    const includes = KNOWN_SENDERS.flatMap((s) => s.spfIncludes);
    expect(new Set(includes).size).toBe(includes.length);
  });

  it.each(KNOWN_SENDERS.map((s) => [s.id, s]))('%s: cited by https URLs or the service\'s own http page, names lowercase without a dot', (_, s) => {
    expect(s.sources.length).toBeGreaterThan(0);
    for (const url of s.sources) expect(() => new URL(url)).not.toThrow();
    for (const name of [...s.spfIncludes, ...s.ptrSuffixes, ...s.dkimDomains]) expect(name).toMatch(/^[a-z0-9_][a-z0-9._-]*[a-z0-9]$/);
    expect(s.name.length).toBeGreaterThan(0);
  });

  it('covers the services the summary and the reports name', () => {
    for (const id of ['secutix', 'google-workspace', 'microsoft-365', 'mailchimp', 'sendgrid', 'amazon-ses', 'brevo', 'mailgun', 'salesforce-marketing-cloud', 'hubspot']) {
      expect(KNOWN_SENDERS.some((s) => s.id === id)).toBe(true);
    }
    expect(KNOWN_SENDERS.some((s) => s.kind === 'forwarder')).toBe(true);
    expect(KNOWN_SENDERS.some((s) => s.kind === 'mailing-list')).toBe(true);
  });
});

describe('lookups', () => {
  it('finds a service by its include, whatever the case or a trailing dot', () => {
    expect(senderBySpfInclude('servers.mcsv.net')?.name).toBe('Mailchimp');
    expect(senderBySpfInclude('_SPF.google.com.')?.id).toBe('google-workspace');
    expect(senderBySpfInclude('spf.example.org')).toBeUndefined();
  });
  it('finds a service by a PTR name under its suffix, not by a lookalike', () => {
    expect(senderByPtrName('mail123.us1.mcsv.net')?.id).toBe('mailchimp');
    expect(senderByPtrName('evilmcsv.net')).toBeUndefined();
  });
});
