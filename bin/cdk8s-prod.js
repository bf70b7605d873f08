#!/usr/bin/env node
'use strict';
// The command runs the compiled package (lib/): no TypeScript runner is needed to check, list the
// rules or report a budget. Only `synth` of TypeScript apps loads the project's ts-node.

// The command speaks for itself: Node.js's runtime warnings (a dependency's deprecation) are not
// its output, and would read as findings in a CI log.
process.removeAllListeners('warning');

// Output piped into `head` (or closed early) ends the command quietly, with the exit code it had.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e) => {
    if (e && e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
}
const write = (stream) => (s) => {
  try {
    stream.write(s);
  } catch (e) {
    if (!e || e.code !== 'EPIPE') throw e;
    process.exit(process.exitCode ?? 0);
  }
};

let cli;
try {
  cli = require('../lib/src/cli/main.js');
} catch (e) {
  if (e && e.code === 'MODULE_NOT_FOUND' && String(e.message).includes('lib/src/cli/main.js')) {
    process.stderr.write('cdk8s-prod: the compiled package (lib/) is missing; in a clone of cdk8s-prod, run `npm run build`\n');
    process.exit(2);
  }
  throw e;
}
process.exitCode = cli.main(process.argv.slice(2), {
  out: write(process.stdout),
  err: write(process.stderr),
  cwd: process.cwd(),
  env: process.env,
  stdin: () => require('fs').readFileSync(0),
});
