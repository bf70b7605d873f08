#!/usr/bin/env node
'use strict';
// The command runs the compiled package (lib/): no TypeScript runner is needed to check, list the
// rules or report a budget. Only `synth` of TypeScript apps loads the project's ts-node.
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
  out: (s) => process.stdout.write(s),
  err: (s) => process.stderr.write(s),
  cwd: process.cwd(),
  env: process.env,
});
