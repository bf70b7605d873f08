import { isRecord } from '../k8s/manifest';
import { isLiteralSecretValue, keyNamesSecret, secretLikeContent } from '../secrets/secret-patterns';
import { secretlintHitsEach } from '../secrets/secretlint';
import { Violation, example, objectRule } from '../engine/rule';

export const configmapSecretContent = objectRule({
  id: 'configmap-secret-content',
  pack: 'configuration',
  title: 'No secrets in ConfigMaps',
  severity: 'error',
  pattern: 11,
  description: 'ConfigMaps are readable by anyone who can read the namespace\'s configuration and are not encrypted at rest; a password or key in one is a leaked secret.',
  kinds: ['ConfigMap'],
  scope: 'data of ConfigMaps: each value (every line of file contents), and the names of keys that are not file names',
  equivalents: { polaris: ['sensitiveConfigmapContent'] },
  remediation: 'Move the secret value into a Secret mounted as a file next to the configuration, and leave a reference (a file path or ${VAR}) in the ConfigMap; ConfiguredApp splits them this way.',
  suppressible: true,
  examples: {
    violating: [example`
      apiVersion: v1
      kind: ConfigMap
      metadata: { name: web-config, namespace: shop }
      data:
        application.properties: |
          spring.datasource.url=jdbc:postgresql://db.shop:5432/shop
          spring.datasource.username=shop
          spring.datasource.password=example-not-a-real-password
    `, example`
      apiVersion: v1
      kind: ConfigMap
      metadata: { name: web-env, namespace: shop }
      data:
        LOG_LEVEL: info
        PAYMENT_API_KEY: example-not-a-real-key
    `],
    compliant: [example`
      apiVersion: v1
      kind: ConfigMap
      metadata: { name: web-config, namespace: shop }
      data:
        application.properties: |
          spring.datasource.url=jdbc:postgresql://db.shop:5432/shop
          spring.datasource.username=shop
          # the password is the file spring.datasource.password of the Secret mounted there
          spring.config.import=configtree:/etc/secrets/
    `],
  },
  admission: {
    gate: 'synth-and-ci',
    reason: 'recognising a secret in ConfigMap data takes secretlint\'s detectors, which CEL cannot run',
  },
  check: (obj) => {
    const data = obj.data;
    if (!isRecord(data)) return [];
    const out: Violation[] = [];
    const entries = Object.entries(data);
    const strings = entries.map(([, v]) => (typeof v === 'string' ? v : ''));
    const secretlint = secretlintHitsEach(strings);
    entries.forEach(([key, value], i) => {
      const path = ['data', key];
      // The value itself is never repeated in the message: it may be the secret.
      const reason = typeof value === 'string' ? secretLikeContent(value, secretlint[i]) : undefined;
      if (reason) {out.push({ path, message: `data ${JSON.stringify(key)} contains ${reason}` });} else if (keyNamesSecret(key) && isLiteralSecretValue(value)) {
        out.push({ path, message: `data key ${JSON.stringify(key)} says it is a secret and holds a literal value` });
      }
    });
    return out;
  },
});
