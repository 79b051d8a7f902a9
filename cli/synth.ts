import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { App } from 'cdktf';
import { addInstitutionStacks, stackSideFiles } from '../stacks';
import { Command, EXIT, loadConfig, parseFlags } from './command';

export const synth: Command = {
  run(args, io) {
    const { values } = parseFlags(args, { config: { type: 'string' } });
    const config = loadConfig(values.config, io);
    if (!config) return EXIT.failed;
    // No outdir here: App takes CDKTF_OUTDIR, which cdktf-cli sets from cdktf.json (and --output).
    // Stack traces in construct metadata cost time at every synth and are of no use in the output.
    const app = new App({ stackTraces: false });
    const stacks = addInstitutionStacks(app, config);
    app.synth();
    // After synth, so the stack folders exist; cdktf's own synthesizer has no hook for extra files.
    for (const stack of stacks) {
      for (const [file, text] of Object.entries(stackSideFiles(stack))) writeFileSync(join(app.outdir, 'stacks', stack.node.id, file), text);
    }
    return EXIT.ok;
  },
};
