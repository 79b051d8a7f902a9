import { join } from 'node:path';
import { REPO_ROOT, readStack, runApp, stacksIn } from '../helpers/run-app';
import { cleanupTerraformDirs } from '../helpers/terraform';
import { CLEANUP_HOOK_TIMEOUT_MS } from '../helpers/timeouts';
import { withoutCoreVersion } from '../helpers/core-version';

// Snapshots of the synthesized example, one per stack, so that a PR shows what changes in the plan. Update them only
// on purpose (`npx jest -u __tests__/app/example-snapshot.int.test.ts`). The meaning is asserted elsewhere; the
// assertions here only make sure the snapshot is of the right thing. The core's version is left out of them: it is
// the one thing that differs when CDK Terrain writes the stacks instead of cdktf.
afterAll(cleanupTerraformDirs, CLEANUP_HOOK_TIMEOUT_MS);

const run = runApp({ path: join(REPO_ROOT, 'institutions.yaml') });

test('the shipped example synthesizes its two stacks', () => {
  expect(run.status).toBe(0);
  expect(stacksIn(run.outdir)).toEqual(['email-auth-mosa', 'email-auth-operabern']);
});

test.each(['email-auth-mosa', 'email-auth-operabern'])('%s', (stack) => {
  const json = readStack(run.outdir, stack);
  expect(withoutCoreVersion(json)).toMatchSnapshot();
});
