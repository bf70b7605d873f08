import { K8sObject } from '../../src/k8s/manifest';
import { compliantSet, configMap, deployment, job } from '../fixtures';
import { findingsOf, replace, rulePaths } from '../helpers';

const C0 = 'spec.template.spec.containers[0]';

function mounting(cm: K8sObject, how: 'volume' | 'envFrom' | 'env' | 'projected'): K8sObject[] {
  const d = deployment();
  const spec = d.spec.template.spec;
  const name = cm.metadata!.name;
  if (how === 'volume') spec.volumes.push({ name: 'config', configMap: { name } });
  if (how === 'projected') spec.volumes.push({ name: 'config', projected: { sources: [{ configMap: { name } }] } });
  if (how === 'envFrom') spec.containers[0].envFrom = [{ configMapRef: { name } }];
  if (how === 'env') spec.containers[0].env = [{ name: 'MODE', valueFrom: { configMapKeyRef: { name, key: 'mode' } } }];
  return [...replace(compliantSet(), d).filter((o) => o.kind !== 'ConfigMap'), cm];
}

function plainConfigMap(): K8sObject {
  const cm = configMap();
  cm.metadata!.name = 'web-config';
  delete cm.immutable;
  return cm;
}

describe('configmap-rollout', () => {
  test('flags a mutable, unhashed ConfigMap used as a volume, projected, envFrom and env', () => {
    const cm = plainConfigMap();
    expect(rulePaths(findingsOf('configmap-rollout', mounting(cm, 'volume')))).toEqual([['configmap-rollout', 'spec.template.spec.volumes[1].configMap.name']]);
    expect(rulePaths(findingsOf('configmap-rollout', mounting(cm, 'projected')))).toEqual([['configmap-rollout', 'spec.template.spec.volumes[1].projected.sources[0].configMap.name']]);
    expect(rulePaths(findingsOf('configmap-rollout', mounting(cm, 'envFrom')))).toEqual([['configmap-rollout', `${C0}.envFrom[0].configMapRef.name`]]);
    const env = findingsOf('configmap-rollout', mounting(cm, 'env'));
    expect(rulePaths(env)).toEqual([['configmap-rollout', `${C0}.env[0].valueFrom.configMapKeyRef.name`]]);
    expect(env[0].message).toBe('ConfigMap "web-config" is mutable and its name carries no content hash, and the pod template has no checksum annotation: a config change would not roll the pods');
  });

  test('flags a hashed but mutable ConfigMap, and an immutable one without a hash', () => {
    const mutable = configMap(); delete mutable.immutable;
    expect(findingsOf('configmap-rollout', mounting(mutable, 'volume'))[0].message).toContain('"web-config-5f7c2d9b1a" is mutable,');
    const unhashed = plainConfigMap(); unhashed.immutable = true;
    expect(findingsOf('configmap-rollout', mounting(unhashed, 'volume'))[0].message).toContain('is immutable but its name carries no content hash');
  });

  test('passes an immutable, content-hashed ConfigMap', () => {
    expect(findingsOf('configmap-rollout', mounting(configMap(), 'volume'))).toEqual([]);
    expect(findingsOf('configmap-rollout', mounting(configMap(), 'envFrom'))).toEqual([]);
  });

  test('passes a mutable ConfigMap tied to a checksum annotation', () => {
    const objs = mounting(plainConfigMap(), 'volume');
    const d = objs.find((o) => o.kind === 'Deployment')!;
    d.spec.template.metadata.annotations = { 'checksum/config': '5f7c2d9b' };
    expect(findingsOf('configmap-rollout', objs)).toEqual([]);
  });

  test('ConfigMaps not among the manifests, and Jobs, are not judged; the compliant set passes', () => {
    const objs = mounting(plainConfigMap(), 'volume').filter((o) => o.kind !== 'ConfigMap');
    expect(findingsOf('configmap-rollout', objs)).toEqual([]);
    const j = job(); j.spec.template.spec.volumes.push({ name: 'c', configMap: { name: 'web-config' } });
    expect(findingsOf('configmap-rollout', [...compliantSet(), plainConfigMap(), j])).toEqual([]);
    expect(findingsOf('configmap-rollout', compliantSet())).toEqual([]);
  });
});

describe('configmap-secret-content: file names are judged by their content', () => {
  test('auth.yaml and token.json with harmless content pass; a bare "password" key and secret content do not', () => {
    const cm = configMap();
    cm.data = { 'auth.yaml': 'provider: oidc\nissuer: https://id.example.com\n', 'token.json': '{"ttl": 30}', 'password': 'hunter2', 'db.password': 'hunter2', 'auth.conf': 'password = hunter2\n' };
    expect(rulePaths(findingsOf('configmap-secret-content', [cm]))).toEqual([
      ['configmap-secret-content', 'data.password'],
      ['configmap-secret-content', 'data["db.password"]'],
      ['configmap-secret-content', 'data["auth.conf"]'],
    ]);
  });
});
