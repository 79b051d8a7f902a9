// The cdktf app (cdktf.json runs the compiled form: node dist/main.js): validate the config, write the stacks.
import { runCli } from './cli/main';

runCli(['synth', ...process.argv.slice(2)]).then((code) => (process.exitCode = code));
