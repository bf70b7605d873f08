import { FieldPath, containersOf, getIn } from '../k8s/manifest';
import { Violation, describeContainer, example, podRule } from '../engine/rule';

/** Pod fields the hard core reads, and the JSON type the API server requires of each. */
const POD_FIELDS: ReadonlyArray<[FieldPath, 'boolean' | 'integer']> = [
  [['hostNetwork'], 'boolean'], [['hostPID'], 'boolean'], [['hostIPC'], 'boolean'], [['shareProcessNamespace'], 'boolean'],
  [['automountServiceAccountToken'], 'boolean'], [['securityContext', 'runAsNonRoot'], 'boolean'],
  [['securityContext', 'runAsUser'], 'integer'], [['securityContext', 'runAsGroup'], 'integer'], [['securityContext', 'fsGroup'], 'integer'],
];
/** The same for each container's securityContext. */
const CONTAINER_FIELDS: ReadonlyArray<[FieldPath, 'boolean' | 'integer']> = [
  [['securityContext', 'privileged'], 'boolean'], [['securityContext', 'allowPrivilegeEscalation'], 'boolean'],
  [['securityContext', 'readOnlyRootFilesystem'], 'boolean'], [['securityContext', 'runAsNonRoot'], 'boolean'],
  [['securityContext', 'runAsUser'], 'integer'], [['securityContext', 'runAsGroup'], 'integer'],
];

function wrongType(v: unknown, type: 'boolean' | 'integer'): boolean {
  if (v === undefined || v === null) return false;
  return type === 'boolean' ? typeof v !== 'boolean' : !(typeof v === 'number' && Number.isInteger(v));
}

function describe(v: unknown): string {
  return typeof v === 'string' ? `the string ${JSON.stringify(v)}` : `${JSON.stringify(v)} (${Array.isArray(v) ? 'a list' : typeof v})`;
}

export const fieldTypes = podRule({
  id: 'field-types',
  pack: 'objects',
  title: 'Security fields have the types the API requires',
  severity: 'error',
  pattern: null,
  description: 'A security field written as the wrong type (`hostNetwork: "true"`, `runAsUser: "0"`) is refused by the API server, and no rule can tell what it was meant to say: it is an error, not a field that passes for unset.',
  workloads: 'all',
  scope: 'the host-namespace, process-namespace, token and securityContext fields of every pod template and container',
  remediation: 'Write booleans as true or false and user and group ids as numbers, without quotes.',
  suppressible: false,
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
            securityContext: { runAsNonRoot: true, runAsUser: "10001" }  # quoted: a string, not a user id
            containers:
              - name: app
                image: registry.example.com/shop/web:1.4.2
                securityContext: { allowPrivilegeEscalation: "false" }  # quoted: a string, not a boolean
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
            securityContext: { runAsNonRoot: true, runAsUser: 10001 }
            containers:
              - name: app
                image: registry.example.com/shop/web:1.4.2
                securityContext: { allowPrivilegeEscalation: false }
    `],
  },
  admission: {
    gate: 'api-server',
    reason: 'the API server decodes every object into its typed form before admission and refuses a field of the wrong type, so no policy can see one',
  },
  check: (pod) => {
    const out: Violation[] = [];
    for (const [field, type] of POD_FIELDS) {
      const v = getIn(pod.spec, field);
      if (wrongType(v, type)) out.push({ path: [...pod.specPath, ...field], message: `${field[field.length - 1]} of the pod is ${describe(v)}, not ${type === 'boolean' ? 'a boolean' : 'a whole number'}: the API server refuses it` });
    }
    for (const c of containersOf(pod)) {
      for (const [field, type] of CONTAINER_FIELDS) {
        const v = getIn(c.container, field);
        if (wrongType(v, type)) out.push({ path: [...c.path, ...field], message: `${field[field.length - 1]} of ${describeContainer(c)} is ${describe(v)}, not ${type === 'boolean' ? 'a boolean' : 'a whole number'}: the API server refuses it` });
      }
    }
    return out;
  },
});
