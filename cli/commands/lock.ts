import { commandSpec } from '../spec';

export const LOCK = commandSpec({
  name: 'lock',
  summary: 'refresh the committed .terraform.lock.hcl (terraform providers lock), from the registries or a mirror',
  usage: 'lock [--fs-mirror DIR] [--platform OS_ARCH]...',
  options: {
    'fs-mirror': { type: 'string', value: 'DIR', description: 'take the providers from this filesystem mirror instead of their registries', defaultText: "none: the providers' registries" },
    platform: { type: 'repeatable', value: 'OS_ARCH', description: 'record hashes for this platform (linux_amd64, darwin_arm64...)', defaultText: 'this machine with --fs-mirror, else linux_amd64, linux_arm64, darwin_amd64, darwin_arm64' },
  },
  exits: {
    0: 'every provider was locked; review and commit .terraform.lock.hcl',
    2: 'no verdict for some provider: it could not be locked (the others were written); or a usage error, or a lock file that cannot be read',
  },
  example: 'lock --platform linux_amd64 --platform darwin_arm64',
});
