// The cdktf app: validate the config, write the stacks. cdktf.json runs it through scripts/app.js, which builds dist/
// first when the sources changed, then loads the compiled form (dist/main.js) in the same process.
import { runCli } from './cli/main';

runCli(['synth', ...process.argv.slice(2)]).then((code) => (process.exitCode = code));
