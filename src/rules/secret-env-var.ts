import { POD_TEMPLATE_KINDS } from '../engine/cel';
import { isRecord } from '../k8s/manifest';
import { Violation, containerRule, describeContainer, example } from '../engine/rule';

export const secretEnvVar = containerRule({
  id: 'secret-env-var',
  pack: 'configuration',
  title: 'Secrets are mounted as files, not passed in env',
  severity: 'warning',
  pattern: 11,
  description: 'A secret in an environment variable leaks through crash dumps, debug endpoints, child processes and `kubectl describe`, and never changes until the pod restarts; a mounted Secret file does neither.',
  equivalents: { kubeLinter: ['read-secret-from-env-var'], kyverno: ['secrets-not-from-env-vars'] },
  remediation: 'Mount the Secret as a volume (volumes: [{secret: {secretName: …}}] with a read-only volumeMount) and have the app read the file; ConfiguredApp mounts secrets this way.',
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
                env:
                  - name: DB_PASSWORD
                    valueFrom: { secretKeyRef: { name: web-db, key: password } }
    `, example`
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
                envFrom: [{ secretRef: { name: web-db } }]  # every key of the Secret
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
                env:
                  - { name: DB_PASSWORD_FILE, value: /etc/secrets/db/password }
                volumeMounts:
                  - { name: db, mountPath: /etc/secrets/db, readOnly: true }
            volumes:
              - { name: db, secret: { secretName: web-db } }
    `],
  },
  admission: {
    kinds: POD_TEMPLATE_KINDS,
    expression: 'variables.containers.all(c, (!has(c.env) || c.env.all(e, !has(e.valueFrom) || !has(e.valueFrom.secretKeyRef))) && (!has(c.envFrom) || c.envFrom.all(e, !has(e.secretRef))))',
  },
  check: (c) => {
    const out: Violation[] = [];
    const env = c.container.env;
    if (Array.isArray(env)) {
      env.forEach((e, i) => {
        const ref = isRecord(e) && isRecord(e.valueFrom) ? e.valueFrom.secretKeyRef : undefined;
        if (!isRecord(ref)) return;
        out.push({
          path: [...c.path, 'env', i, 'valueFrom', 'secretKeyRef'],
          message: `${describeContainer(c)} reads key ${JSON.stringify(ref.key)} of Secret ${JSON.stringify(ref.name)} into env var ${JSON.stringify(e.name)}`,
        });
      });
    }
    const envFrom = c.container.envFrom;
    if (Array.isArray(envFrom)) {
      envFrom.forEach((e, i) => {
        const ref = isRecord(e) ? e.secretRef : undefined;
        if (!isRecord(ref)) return;
        out.push({
          path: [...c.path, 'envFrom', i, 'secretRef'],
          message: `${describeContainer(c)} loads every key of Secret ${JSON.stringify(ref.name)} into its environment`,
        });
      });
    }
    return out;
  },
});
