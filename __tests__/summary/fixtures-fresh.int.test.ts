// The committed plan fixtures are what today's app and terraform produce: one scenario stack is planned again for
// real (offline, provider mirror) and must give the same record changes. Regenerate all with fixtures/make-fixtures.sh.
import { readFileSync } from 'node:fs';
import { changesFromPlan } from '../../summary/from-plan';
import { cleanupTerraformDirs, describeWithTerraform } from '../helpers/terraform';
import { planScenarioStack, SCENARIOS, synthFixtureConfig } from './fixtures/make-fixtures';
import { fixture } from './run-summary';
import { CLEANUP_HOOK_TIMEOUT_MS } from '../helpers/timeouts';

describeWithTerraform('plan fixtures are up to date (real terraform)', () => {
  afterAll(cleanupTerraformDirs, CLEANUP_HOOK_TIMEOUT_MS);

  it('review/email-auth-mosa: planning base state → head config again gives the committed changes', async () => {
    const review = SCENARIOS.find((s) => s.name === 'review')!;
    const synths = { base: synthFixtureConfig('base'), head: synthFixtureConfig('head') };
    const fresh = JSON.parse(await planScenarioStack(review, 'email-auth-mosa', synths));
    const committed = JSON.parse(readFileSync(fixture('plans', 'review', 'email-auth-mosa.json'), 'utf8'));
    expect(changesFromPlan('email-auth-mosa', fresh)).toEqual(changesFromPlan('email-auth-mosa', committed));
    expect(fresh.resource_changes.map((rc: { change: { actions: string[] } }) => rc.change.actions.join(','))).toEqual(['no-op', 'no-op', 'update', 'create', 'update']);
  }, 120_000);
});
