// Which core the tests run on: cdktf in this repository (its development dependency), CDK Terrain when
// other-core.int.test.ts runs the construct and app tests again with EMAIL_AUTH_TEST_CORE=cdktn. This file runs in
// both, so a run that meant to test CDK Terrain and quietly fell back to cdktf fails here.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, CORE, TerraformStack } from '../../core';
import { installedFamily } from '../../core/family';

const expected = process.env.EMAIL_AUTH_TEST_CORE ?? 'cdktf';

test(`the core in use is ${expected}, with its own AWS binding`, () => {
  expect(CORE.name).toBe(expected);
  expect(installedFamily()).toEqual({ core: expected, aws: `@${expected}/provider-aws` });
});

test('a stack carries the version of the core that wrote it (the one thing that differs by core)', () => {
  const outdir = mkdtempSync(join(tmpdir(), 'email-auth-core-'));
  try {
    const app = new App({ outdir });
    new TerraformStack(app, 's');
    app.synth();
    const json = JSON.parse(readFileSync(join(outdir, 'stacks', 's', 'cdk.tf.json'), 'utf8'));
    expect(json['//'].metadata.version).toBe(CORE.version);
    expect(CORE.version).toMatch(expected === 'cdktn' ? /^0\.24\./ : /^0\.21\./);
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
});
