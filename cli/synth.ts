import { App } from 'cdktf';
import { addInstitutionStacks } from '../stacks';
import { Command, EXIT, loadConfig, parseFlags } from './command';

export const synth: Command = {
  run(args, io) {
    const { values } = parseFlags(args, { config: { type: 'string' } });
    const config = loadConfig(values.config, io);
    if (!config) return EXIT.failed;
    // No outdir here: App takes CDKTF_OUTDIR, which cdktf-cli sets from cdktf.json (and --output).
    // Stack traces in construct metadata cost time at every synth and are of no use in the output.
    const app = new App({ stackTraces: false });
    addInstitutionStacks(app, config);
    app.synth();
    return EXIT.ok;
  },
};
