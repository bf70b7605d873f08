#!/usr/bin/env node
// Runs the TypeScript sources directly: type-checking belongs to `npm test`, so the runner only transpiles.
process.env.CDK8S_CHECK_UPGRADE = process.env.CDK8S_CHECK_UPGRADE || 'false';
require('ts-node').register({ transpileOnly: true, project: require('path').join(__dirname, '..', 'tsconfig.json') });
const { main } = require('../src/cli/main');
process.exitCode = main(process.argv.slice(2), {
  out: (s) => process.stdout.write(s),
  err: (s) => process.stderr.write(s),
  cwd: process.cwd(),
  env: process.env,
});
