import { containersOf, getIn, isRecord } from '../k8s/manifest';
import { describeContainer, podRule, example } from '../engine/rule';
import { INIT_ANNOTATION } from '../k8s/annotations';
import { INIT_ASSET_PATTERNS, INIT_PROGRAM_NAMES, initOfProgram } from '../k8s/processes';
import { POD_TEMPLATE_KINDS, celString, celStringList } from '../engine/cel';

/** A declared init names something (ASCII blanks, as RE2 reads them). */
const NOT_BLANK = /[^\t\n\v\f\r ]/;

/** CEL: the program `name` (its last path segment) is an init, as initOfProgram says. */
const celInit = (name: string) => `(${name} in ${celStringList(INIT_PROGRAM_NAMES)}${INIT_ASSET_PATTERNS.map((a) => ` || ${name}.matches(${celString(a.source)})`).join('')})`;

export const pid1Init = podRule({
  id: 'pid1-init',
  pack: 'runtime',
  title: 'An init runs as PID 1',
  severity: 'error',
  pattern: 2,
  description: 'The kernel gives PID 1 no default signal handlers and makes it adopt orphans, so an app running as PID 1 may ignore SIGTERM (and be killed after the grace period) and leave zombies unreaped.',
  workloads: 'all',
  scope: 'containers and init containers in pod templates of every workload, unless the pod shares its process namespace or declares the image\'s init',
  remediation: `Set shareProcessNamespace: true in the pod spec (the pause container becomes PID 1 and reaps), or start the process through an init (command: ["tini", "--", ...] or dumb-init), or, when the image's ENTRYPOINT is already an init, annotate the pod template with ${INIT_ANNOTATION}: <init name>; ProductionDeployment, BoundedJob and BoundedCronJob share the process namespace unless told the image has its own init.`,
  suppressible: true,
  examples: {
    violating: [example`
      apiVersion: apps/v1
      kind: Deployment
      metadata: { name: web, namespace: shop }
      spec:
        selector: { matchLabels: { app: web } }
        template:
          metadata: { labels: { app: web } }
          spec:
            containers:
              - name: app
                image: registry.example.com/shop/web:1.4.2
                command: ["node", "server.js"]   # node is PID 1
    `],
    compliant: [example`
      apiVersion: apps/v1
      kind: Deployment
      metadata: { name: web, namespace: shop }
      spec:
        selector: { matchLabels: { app: web } }
        template:
          metadata: { labels: { app: web } }
          spec:
            containers:
              - name: app
                image: registry.example.com/shop/web:1.4.2
                command: ["tini", "--", "node", "server.js"]
    `, example`
      apiVersion: apps/v1
      kind: Deployment
      metadata: { name: web, namespace: shop }
      spec:
        selector: { matchLabels: { app: web } }
        template:
          metadata: { labels: { app: web } }
          spec:
            shareProcessNamespace: true   # the pause container is PID 1 and reaps
            containers:
              - name: app
                image: registry.example.com/shop/web:1.4.2
                command: ["node", "server.js"]
    `],
  },
  admission: {
    kinds: POD_TEMPLATE_KINDS,
    expression: [
      '(has(variables.podSpec.shareProcessNamespace) && variables.podSpec.shareProcessNamespace == true)',
      `(${celString(INIT_ANNOTATION)} in variables.podAnnotations && variables.podAnnotations[${celString(INIT_ANNOTATION)}].matches(${celString(NOT_BLANK.source)}))`,
      `variables.containers.all(c, has(c.command) && size(c.command) > 0 && ${celInit("c.command[0].substring(c.command[0].lastIndexOf('/') + 1)")})`,
    ].join(' || '),
  },
  check: (pod, obj) => {
    if (pod.spec.shareProcessNamespace === true) return [];
    const annotations = getIn(obj, [...pod.metadataPath, 'annotations']);
    const declared = isRecord(annotations) ? annotations[INIT_ANNOTATION] : undefined;
    if (typeof declared === 'string' && NOT_BLANK.test(declared)) return [];
    return containersOf(pod).flatMap((c) => {
      const command = c.container.command;
      const first = Array.isArray(command) ? command[0] : undefined;
      if (typeof first === 'string' && initOfProgram(first) !== undefined) return [];
      const what = typeof first === 'string'
        ? `runs ${JSON.stringify(first)} as PID 1`
        : 'sets no command, so its image\'s entrypoint runs as PID 1';
      return [{ path: [...c.path, 'command'], message: `${describeContainer(c)} ${what} without an init to forward signals and reap zombies` }];
    });
  },
});
