import { join } from 'node:path';
import { ROOT, readStack, runApp, stacksIn } from './run-app';

// Snapshots of the synthesized example, one per stack, so that a PR shows what changes in the plan. Update them only
// on purpose (`npx jest -u __tests__/app/example-snapshot.test.ts`). The meaning is asserted elsewhere; the
// assertions here only make sure the snapshot is of the right thing.
const run = runApp({ path: join(ROOT, 'institutions.yaml') });

test('the shipped example synthesizes its two stacks', () => {
  expect(run.status).toBe(0);
  expect(stacksIn(run.outdir)).toEqual(['email-auth-mosa', 'email-auth-operabern']);
});

test.each(['email-auth-mosa', 'email-auth-operabern'])('%s', (stack) => {
  const json = readStack(run.outdir, stack);
  // Paths that depend on the checkout or temp folder are not part of the plan's meaning.
  const text = JSON.stringify(json, null, 2).split(ROOT).join('<repo>').split(run.outdir).join('<outdir>');
  expect(JSON.parse(text)).toMatchSnapshot();
});
