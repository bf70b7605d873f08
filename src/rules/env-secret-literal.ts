import { isRecord } from '../k8s/manifest';
import { isLiteralSecretValue, looksLikeSecretName, secretLikeContent } from '../secrets/secret-patterns';
import { Violation, containerRule, describeContainer, example } from '../engine/rule';

export const envSecretLiteral = containerRule({
  id: 'env-secret-literal',
  pack: 'configuration',
  title: 'No secrets as literal env values',
  severity: 'error',
  pattern: 11,
  description: 'A secret written as a literal env value sits in plain text in the manifest, in version control and in every `kubectl get -o yaml`, and cannot be rotated without a new deployment.',
  equivalents: { kubeLinter: ['env-var-secret'], polaris: ['sensitiveContainerEnvVar'] },
  remediation: 'Put the value in a Secret and mount it as a file (volumes: [{secret: {secretName: …}}]), pointing the app at the file; ConfiguredApp mounts secrets this way.',
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
                  - { name: DB_PASSWORD, value: example-not-a-real-password }
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
                env:
                  # the name says nothing, the value holds a password
                  - { name: DATABASE_URL, value: "postgres://shop:example-not-a-real-password@db.shop:5432/shop" }
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
    gate: 'synth-and-ci',
    reason: 'recognising a secret in an env value takes secretlint\'s detectors, which CEL cannot run',
  },
  check: (c) => {
    const env = c.container.env;
    if (!Array.isArray(env)) return [];
    const out: Violation[] = [];
    env.forEach((e, i) => {
      if (!isRecord(e) || e.value === undefined || e.value === null) return;
      const name = typeof e.name === 'string' ? e.name : `#${i}`;
      const value = typeof e.value === 'string' ? e.value : String(e.value);
      const path = [...c.path, 'env', i, 'value'];
      // The value itself is never repeated in the message: it may be the secret.
      const reason = secretLikeContent(value);
      if (reason) {out.push({ path, message: `${describeContainer(c)} sets env var ${JSON.stringify(name)} to a value containing ${reason}` });} else if (looksLikeSecretName(name) && isLiteralSecretValue(e.value)) {
        out.push({ path, message: `${describeContainer(c)} sets env var ${JSON.stringify(name)}, whose name says it is a secret, to a literal value` });
      }
    });
    return out;
  },
});
