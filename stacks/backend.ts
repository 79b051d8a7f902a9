import { relative, resolve } from 'node:path';
import { App, CloudBackend, LocalBackend, NamedCloudWorkspace, S3Backend, TerraformBackend, TerraformStack } from '../core';
import { BackendConfig } from '../config/schema';
import { STACKS_FOLDER } from './stack-props';
import { terraformLiterals, terraformString } from '../constructs/terraform-text';


/**
 * Gives `stack` the state backend of the config; `code` names the stack's state (S3 key, workspace).
 * - local (default): the state file cdktf would use, `terraform.<stack>.tfstate` in the folder the app runs in, so
 *   it survives re-synth (cdktf.out is rebuilt) — but written relative to the stack's working folder
 *   (`../../../terraform.<stack>.tfstate` with the default outdir), so the synthesized JSON is the same in every
 *   checkout and a synth diff of two checkouts does not show the backend as changed.
 * - s3: one key per stack, `<keyPrefix><code>.tfstate`, encrypted, locked with S3's native lock file.
 * - cloud: one HCP Terraform / Terraform Enterprise workspace per stack, `<workspacePrefix><code>`; the token comes
 *   from `terraform login` or TF_TOKEN_<host>, never from the config.
 */
export function addBackend(stack: TerraformStack, code: string, backend: BackendConfig = { type: 'local' }): TerraformBackend {
  switch (backend.type) {
    case 'local':
      return new LocalBackend(stack, terraformLiterals({ path: localStatePath(stack) }));
    case 's3': {
      const s3 = new S3Backend(stack, terraformLiterals({ bucket: backend.bucket, region: backend.region, key: `${backend.keyPrefix}${code}.tfstate`, encrypt: true }));
      // cdktf 0.21's S3Backend predates `use_lockfile` (Terraform >= 1.10): set it on the block directly.
      if (backend.useLockfile) s3.addOverride('use_lockfile', true);
      return s3;
    }
    case 'cloud':
      return new CloudBackend(stack, {
        ...terraformLiterals({ organization: backend.organization, ...(backend.hostname && { hostname: backend.hostname }) }),
        workspaces: new NamedCloudWorkspace(terraformString(`${backend.workspacePrefix}${code}`), backend.project === undefined ? undefined : terraformString(backend.project)),
      });
  }
}

/** `terraform.<stack>.tfstate` in the working folder of the app, relative to where terraform runs for the stack. */
export function localStatePath(stack: TerraformStack, cwd: string = process.cwd()): string {
  const name = stack.node.id;
  const stackDir = resolve(cwd, App.of(stack).outdir, STACKS_FOLDER, name);
  return relative(stackDir, resolve(cwd, `terraform.${name}.tfstate`));
}
