import { packageVersion } from '../package-info';
import { HelpRequested, Io, UsageError } from './args';

export type { Io } from './args';

/** Each command's usage: what `cdk8s-prod <command> --help` prints. */
export const COMMAND_USAGE: Record<string, string> = {
  check: `cdk8s-prod check PATH... [--format text|json|sarif|markdown] [--allowed-registry REG]... [--require-digest] [--pack PACK]... [--jobs N]
  Checks YAML and JSON manifests and Dockerfiles against the rule catalogue, read as kubectl reads them.
  PATH is a file, a folder (its *.yaml, *.yml, *.json and Dockerfiles, following symbolic links) or - for standard input.
  --format             text (the default), json, sarif (for GitHub code scanning) or markdown (for a step summary)
  --allowed-registry   images must come from this registry (a host, or a host and path prefix); repeatable
  --require-digest     every image must carry a digest
  --pack               only the rules of this pack (repeatable, or comma-separated); the hard core always runs
  --jobs               threads that read and parse the files (default: the machine's cores, at most 8; 1: no worker threads);
                       the report is the same whatever the number
  exit codes: 0 no error finding; 1 error findings; 2 usage error or input that cannot be read (named with its file and line)
`,
  rules: `cdk8s-prod rules [--format text|json|markdown] [--pack PACK]...
  Prints the rule catalogue (docs/rules.md is its markdown), or the rules of the given packs.
`,
  budget: `cdk8s-prod budget PATH... [--format text|json]
  How much of each namespace's ResourceQuota its workloads can claim at once, per workload.
  exit codes: 0 every quota fits; 1 a quota is over its hard limit; 2 usage error or input that cannot be read
`,
  init: `cdk8s-prod init [--dry-run] [--force]
  Sets up the cdk8s project in the current folder: cdk8s.yaml's output becomes a scratch folder, .gitignore,
  a check script, a CI workflow. --dry-run prints the changes without writing; --force replaces a workflow of your own.
  exit codes: 0 done (or nothing to do); 2 the project cannot be set up (nothing was changed)
`,
  diff: `cdk8s-prod diff BASE NEW [--format text|markdown|json] [--exit-code]
  Compares two GitOps outputs object by object (kind, namespace, name), field by field, and calls out the changes that carry risk:
  replicas or a disruption budget down, an image changed, a probe removed, a limit cut, a NetworkPolicy or RBAC changed, a suppression added.
  BASE and NEW are folders; BASE may be REF:FOLDER, a folder at a git ref (origin/main:dist).
  --format     text (the default), markdown (for a pull-request comment or a step summary) or json
  --exit-code  exit 1 when the outputs differ, as git diff --exit-code does
  exit codes: 0 compared (or no difference, with --exit-code); 1 differences, with --exit-code; 2 usage error or unreadable input
`,
  admission: `cdk8s-prod admission --format vap|kyverno [--mode deny|warn|audit] [--api v1beta1|v1] [--pack PACK]... [--rule ID]...
      [--exclude-namespace NS]... [--all-namespaces] [--allowed-registry REG]... [--require-digest] [--out FILE]
  Writes the catalogue's rules as cluster admission policies, so that objects applied by any path meet the rules check runs.
  --format             vap: a ValidatingAdmissionPolicy and its binding per rule; kyverno: a Kyverno ClusterPolicy per rule (validate.cel)
  --mode               deny (the default: error rules refuse, warning rules warn), warn, or audit (the audit log, or Kyverno's reports)
  --api                v1beta1 (the default: Kubernetes 1.28 and 1.29, behind the ValidatingAdmissionPolicy feature gate) or v1 (1.30 on)
  --pack, --rule       only these packs or rules (repeatable, or comma-separated); the hard core is always written
  --exclude-namespace  namespaces no policy applies to (repeatable); the default is kube-system, kube-public and kube-node-lease
  --all-namespaces     exclude no namespace
  --allowed-registry, --require-digest   as for check: the image rules that need them are written only when given
  --out                write to this file (atomically) instead of standard output
  exit codes: 0 written; 2 usage error
`,
  import: `cdk8s-prod import PATH... --out apps/NAME/app.ts [--name NAME] [--summary FILE] [--force]
  Writes manifests (read as check reads them) as a cdk8s-prod app: workloads with their Services, budgets, NetworkPolicies and
  autoscalers become ProductionDeployment, ConfiguredApp, ProductionStatefulSet, ProductionDaemonSet, BoundedJob or BoundedCronJob;
  a Namespace with its quota a QuotaNamespace; the rest stays an ApiObject. A required prop the input lacks is decide(…) under a
  TODO(cdk8s-prod) comment: the code does not compile until a person chooses. Prints the summary (mapped, kept raw, decisions,
  differences, and each finding of check on the input, once).
  --name       the app's name (the Chart's id; default: the folder of --out)
  --summary    also write the summary (Markdown) to this file
  --force      replace --out when it exists
  exit codes: 0 written; 2 usage error or input that cannot be read
`,
  report: `cdk8s-prod report [DIST] --out DIR
  Writes, for each app of DIST (default dist/) and for the whole output, a self-contained index.html (the topology laid out
  by dagre, quota bars, suppressions, findings, patterns) and report.md (the same, with the graph as Mermaid).
  exit codes: 0 written; 2 usage error or input that cannot be read
`,
  synth: `cdk8s-prod synth [--apps DIR] [--out DIR] [--gitops argocd|flux|none]
  Synthesizes every app of apps/ (a folder with an app.ts or app.js exporting build(app)) into dist/<app>/, atomically.
  --gitops   the engine that applies dist/, which decides how Jobs are written (ProductionApp's gitops prop; default none)
  exit codes: 0 written; 1 refused (dist/ is left as it was); 2 usage error
`,
};

const USAGE = `usage:
${Object.values(COMMAND_USAGE).map((u) => `  ${u.split('\n')[0]}`).join('\n')}
  cdk8s-prod --version
  cdk8s-prod <command> --help

exit codes: 0 no error findings; 1 error findings (or a refused synth, or a quota over its limit); 2 usage error or unreadable input
`;

// Each command loads its modules when it runs: `--version` and `check` must not pay for cdk8s and
// cdk8s-plus, which only `synth` needs.
/* eslint-disable @typescript-eslint/no-require-imports -- loaded when the command runs, for the cold start */
const COMMANDS: Record<string, () => (args: string[], io: Io) => number> = {
  check: () => (require('./commands') as typeof import('./commands')).runCheck,
  rules: () => (require('./commands') as typeof import('./commands')).runRules,
  budget: () => (require('./commands') as typeof import('./commands')).runBudget,
  init: () => (require('./init') as typeof import('./init')).runInit,
  synth: () => (require('./synth-command') as typeof import('./synth-command')).runSynth,
  diff: () => (require('./diff-command') as typeof import('./diff-command')).runDiff,
  admission: () => (require('./admission-command') as typeof import('./admission-command')).runAdmission,
  import: () => (require('./import-command') as typeof import('./import-command')).runImport,
  report: () => (require('./report-command') as typeof import('./report-command')).runReport,
};
/* eslint-enable @typescript-eslint/no-require-imports */

export function main(argv: string[], io: Io): number {
  const [command, ...rest] = argv;
  try {
    if (command === undefined || command === '-h' || command === '--help' || command === 'help') {
      const about = command === 'help' && rest[0] !== undefined ? COMMAND_USAGE[rest[0]] : undefined;
      io.out(about ? `usage: ${about}` : USAGE);
      return command === undefined ? 2 : 0;
    }
    if (command === '--version' || command === '-v') {
      io.out(`${packageVersion()}\n`);
      return 0;
    }
    const load = Object.prototype.hasOwnProperty.call(COMMANDS, command) ? COMMANDS[command] : undefined;
    if (!load) throw new UsageError(`unknown command "${command}"`);
    return load()(rest, io);
  } catch (e) {
    if (e instanceof HelpRequested) {
      io.out(`usage: ${COMMAND_USAGE[command]}`);
      return 0;
    }
    if (e instanceof UsageError) {
      const usage = Object.prototype.hasOwnProperty.call(COMMAND_USAGE, command) ? `usage: ${COMMAND_USAGE[command]}` : USAGE;
      io.err(`cdk8s-prod: ${e.message}\n${usage}`);
      return 2;
    }
    io.err(`cdk8s-prod ${command}: ${(e as Error).message}\n`);
    return command === 'synth' ? 1 : 2;
  }
}
