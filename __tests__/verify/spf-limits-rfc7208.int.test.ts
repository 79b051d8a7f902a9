/**
 * verify's SPF walk against the "Processing limits" scenario of the OpenSPF RFC 7208 test suite (lookup count, void
 * lookups, MX and PTR name limits, loops), with the scenario's zone data served by BIND.
 *
 * The suite gives the result for one sending IP; verify's walk evaluates for an IP that no mechanism matches, the
 * worst case, which decides whether some mail gets permerror. So verify must say permerror exactly when the suite
 * does, except where the suite's IP matches a mechanism before the limit is reached and the receiver stops there:
 * those cases are listed in MATCHES_BEFORE_THE_LIMIT with verify's verdict and why.
 */
import { checkSpfLookups } from '../../verify/checks/spf-lookups';
import { NodeDnsResolver } from '../../verify/node-resolver';
import { SPF_MAX_QUERIES, walkSpf } from '../../verify/spf-tree';
import { BindServer, describeWithBind, startBind } from '../helpers/bind';
import { describeWithSuite, loadSuite, suiteZones } from '../helpers/rfc7208-suite';
import { SERVER_HOOK_TIMEOUT_MS, CLEANUP_HOOK_TIMEOUT_MS } from '../helpers/timeouts';

const scenario = loadSuite().find((s) => s.description === 'Processing limits');

const MATCHES_BEFORE_THE_LIMIT: Readonly<Record<string, { readonly verify: 'permerror'; readonly why: string }>> = {
  'include-at-limit': {
    verify: 'permerror',
    why: "the suite's host 1.2.3.4 matches the first `a` (e8.example.com A 1.2.3.4), so the receiver never counts the rest; for any other IP the `mx` after the include is the 11th lookup",
  },
};

describeWithSuite('verify against the OpenSPF RFC 7208 processing limits', () => {
  describeWithBind('zone data served by BIND', () => {
    let server: BindServer;
    let resolver: NodeDnsResolver;

    beforeAll(async () => {
      server = await startBind(suiteZones(scenario!.zone));
      resolver = new NodeDnsResolver({ server: server.address, timeout: 1000, tries: 2 });
    }, SERVER_HOOK_TIMEOUT_MS);
    afterAll(() => server?.stop(), CLEANUP_HOOK_TIMEOUT_MS);

    it('covers every case of the scenario', () => {
      expect(scenario!.tests.map((t) => t.id).sort()).toEqual([
        'false-a-limit',
        'include-at-limit',
        'include-loop',
        'include-over-limit',
        'mech-at-limit',
        'mech-over-limit',
        'mx-limit',
        'ptr-limit',
        'redirect-loop',
        'void-at-limit',
        'void-over-limit',
      ]);
    });

    it.each((scenario?.tests ?? []).map((t) => [t.id, t.results.join('|'), t] as const))('%s (suite: %s)', async (id, _, test) => {
      const domain = test.mailfrom.slice(test.mailfrom.lastIndexOf('@') + 1);
      const walk = await walkSpf(domain, resolver);
      const expected = MATCHES_BEFORE_THE_LIMIT[id]?.verify ?? (test.results.includes('permerror') ? 'permerror' : 'no permerror');
      expect({ id, verdict: walk.outcome.kind === 'permerror' ? 'permerror' : 'no permerror' }).toEqual({ id, verdict: expected });
      expect(walk.outcome.kind).not.toBe('temperror');
      expect(walk.queries).toBeLessThanOrEqual(SPF_MAX_QUERIES);
      expect(checkSpfLookups(walk).status).toBe(expected === 'permerror' ? 'fail' : 'pass');
    });

    it('says why, with the counts up to the limit', async () => {
      const reason = async (domain: string) => checkSpfLookups(await walkSpf(domain, resolver)).reason;
      expect(await reason('e1.example.com')).toBe('1/10 DNS lookups, 0/2 void lookups: e1.example.com: redirect=e1.example.com loops back to e1.example.com');
      expect(await reason('e2.example.com')).toBe('2/10 DNS lookups, 0/2 void lookups: e3.example.com: include:e2.example.com loops back to e2.example.com');
      expect(await reason('e4.example.com')).toBe('1/10 DNS lookups, 0/2 void lookups: mx in e4.example.com finds 11 MX names; more than 10 is a permerror (RFC 7208 §4.6.4)');
      expect(await reason('e6.example.com')).toBe('10/10 DNS lookups, 0/2 void lookups');
      expect(await reason('e9.example.com')).toMatch(/^11\/10 DNS lookups, 0\/2 void lookups: more than 10 DNS lookups: the 11th, a in e9\.example\.com, ends the evaluation/);
      expect(await reason('e11.example.com')).toBe(
        '3/10 DNS lookups, 3/2 void lookups: more than 2 void lookups (a:err.example.com, a:err1.example.com, a:err2.example.com): receivers return permerror (RFC 7208 §4.6.4)',
      );
      expect(await reason('e12.example.com')).toBe('2/10 DNS lookups, 2/2 void lookups (a:err.example.com, a:err1.example.com)');
    });
  });
});
