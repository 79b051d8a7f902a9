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
  // The local state path depends on where the checkout and the output folder are: not part of the plan's meaning.
  const local = (json.terraform.backend as { local?: { path: string } } | undefined)?.local;
  if (local) {
    expect(local.path).toMatch(new RegExp(`(^|/)terraform\\.${stack}\\.tfstate$`));
    local.path = `<state path>/terraform.${stack}.tfstate`;
  }
  expect(json).toMatchSnapshot();
});
