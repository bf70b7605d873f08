import {
  NS, appContainer, compliantSet, configMap, cronJob, defaultDenyNetworkPolicy, deployment, job, limitRange,
  namespace, networkPolicy, resourceQuota, service, serviceAccount,
} from '../fixtures';
import { findingsOf, replace, rulePaths } from '../helpers';
import { K8sObject } from '../../src/k8s/manifest';
import { isLiteralSecretValue, looksLikeSecretName, secretLikeContent } from '../../src/secrets/secret-patterns';

const PEM = '-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA7x\n-----END RSA PRIVATE KEY-----\n';

function statefulSet(): K8sObject {
  const d = deployment();
  return { ...d, kind: 'StatefulSet', metadata: { ...d.metadata, name: 'db' }, spec: { ...d.spec, serviceName: 'db' } };
}

function daemonSet(): K8sObject {
  const d = deployment();
  const { replicas: _r, strategy: _s, ...spec } = d.spec;
  return { ...d, kind: 'DaemonSet', metadata: { ...d.metadata, name: 'agent' }, spec };
}

describe('secret-patterns', () => {
  test.each([
    'DB_PASSWORD', 'dbPassword', 'db.password', 'PASSWD', 'DB_PWD', 'SECRET_KEY_BASE', 'CLIENT_SECRET', 'AUTH_TOKEN',
    'GITHUB_TOKEN', 'API_KEY', 'apiKey', 'api-key', 'APIKEY', 'APIKey', 'PRIVATE_KEY', 'privateKey', 'AWS_SECRET_ACCESS_KEY',
    'ACCESS_KEY', 'GOOGLE_CREDENTIALS', 'credential', 'REDIS_AUTH', 'credentials.json', 'passphrase',
  ])('%s looks like a secret name', (name) => {
    expect(looksLikeSecretName(name)).toBe(true);
  });

  test.each([
    'TOKENIZER_MODE', 'MAX_TOKENS', 'AUTHOR', 'OAUTH_CALLBACK', 'PWD', 'OLDPWD', 'CACHE_KEY', 'KEYCLOAK_REALM', 'LOG_LEVEL',
    'PASSWORD_FILE', 'DB_PASSWORD_PATH', 'SECRET_NAME', 'secretKeyRef', 'TOKEN_URL', 'AUTH_ENABLED', 'TOKEN_TTL_SECONDS',
    'PASSWORD_MIN_LENGTH', 'AWS_ACCESS_KEY_ID', 'AUTH_DOMAIN', 'AUTH_USER', 'NEXT_PUBLIC_AUTH0_DOMAIN', 'app.yaml', 'tls.key', '',
  ])('%s does not look like a secret name', (name) => {
    expect(looksLikeSecretName(name)).toBe(false);
  });

  test('literal values exclude references, empties and switches', () => {
    for (const v of ['hunter2', 's3cr3t value', '1234']) expect(isLiteralSecretValue(v)).toBe(true);
    for (const v of ['', '   ', '${DB_PASSWORD}', '$DB_PASSWORD', '$(DB_PASSWORD)', '{{ .Values.password }}', 'Bearer ${TOKEN}', 'true', 'False', 'null', '~', undefined, {}]) {
      expect(isLiteralSecretValue(v)).toBe(false);
    }
  });

  test('content: keys, tokens and assignments', () => {
    expect(secretLikeContent(PEM)).toBe('a PEM private key block on line 1');
    expect(secretLikeContent('-----BEGIN OPENSSH PRIVATE KEY-----')).toBe('a PEM private key block');
    expect(secretLikeContent('-----BEGIN PRIVATE KEY-----')).toBe('a PEM private key block');
    expect(secretLikeContent('key: AKIAIOSFODNN7EXAMPLE')).toBe('an AWS access key id');
    expect(secretLikeContent(`ghp_${'a1B2'.repeat(9)}`)).toBe('a GitHub token');
    expect(secretLikeContent('xoxb-1234567890-abcdefghij')).toBe('a Slack token');
    expect(secretLikeContent('postgres://app:hunter2@db:5432/shop')).toBe('a URL with an embedded password');
    expect(secretLikeContent('listen: 8080\npassword: hunter2\n')).toBe('a literal value for "password" on line 2');
    expect(secretLikeContent('db.password = "hunter2" # prod')).toBe('a literal value for "db.password"');
    expect(secretLikeContent('export API_TOKEN=abc123')).toBe('a literal value for "API_TOKEN"');
    expect(secretLikeContent('{"clientSecret": "abc"}')).toBe('a literal value for "clientSecret"');
    expect(secretLikeContent('Server=db;User Id=sa;Password=hunter2;')).toBe('a literal value for "Password"');
    expect(secretLikeContent('-Xmx512m -Dspring.datasource.password=hunter2')).toBe('a literal value for "spring.datasource.password"');
    expect(secretLikeContent('https://api.example.com/v1?token=abc123')).toBe('a literal value for "token"');
  });

  test('content: references, empty values, nested blocks and ordinary config pass', () => {
    for (const v of [
      '', 'listen: 8080\nlogLevel: info\n', 'password: ${DB_PASSWORD}', 'password:', 'password: ""', 'token=',
      'auth:\n  enabled: true', 'password: |', 'passwordFile: /run/secrets/db', 'postgres://app:${DB_PASSWORD}@db/shop',
      'https://example.com/path', '-----BEGIN CERTIFICATE-----', 'auth_basic "Restricted";', 'tokenizer: bpe', 'AKIA-not-a-key',
      'auth: true',
    ]) {
      expect([v, secretLikeContent(v)]).toEqual([v, undefined]);
    }
  });
});

describe('namespace-not-default', () => {
  test('flags objects without a namespace and in the default namespace', () => {
    const d = deployment(); delete d.metadata!.namespace;
    const s = service(); s.metadata!.namespace = 'default';
    const sa = serviceAccount('web'); sa.metadata!.namespace = '';
    const cm = configMap(); cm.metadata!.namespace = 42 as any;
    expect(rulePaths(findingsOf('namespace-not-default', [d, s, sa, cm]))).toEqual([
      ['namespace-not-default', 'metadata.namespace'],
      ['namespace-not-default', 'metadata.namespace'],
      ['namespace-not-default', 'metadata.namespace'],
      ['namespace-not-default', 'metadata.namespace'],
    ]);
    expect(findingsOf('namespace-not-default', [s])[0].message).toBe('the Service is in the reserved "default" namespace');
  });
  test('cluster-scoped kinds need no namespace; the compliant set passes', () => {
    const objs: K8sObject[] = [
      namespace(),
      { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'reader' }, rules: [] },
      { apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name: 'high' }, value: 1000 },
    ];
    expect(findingsOf('namespace-not-default', objs)).toEqual([]);
    expect(findingsOf('namespace-not-default', compliantSet())).toEqual([]);
  });
  test('a namespace with no metadata at all does not throw', () => {
    const odd = { apiVersion: 'v1', kind: 'ConfigMap', data: {} };
    expect(rulePaths(findingsOf('namespace-not-default', [odd]))).toEqual([['namespace-not-default', 'metadata.namespace']]);
  });
});

describe('namespace-pod-security', () => {
  test('flags a missing, a baseline and a privileged enforce label', () => {
    const missing = namespace(); missing.metadata!.name = 'a'; delete missing.metadata!.labels;
    const baseline = namespace(); baseline.metadata!.name = 'b'; baseline.metadata!.labels!['pod-security.kubernetes.io/enforce'] = 'baseline';
    const privileged = namespace(); privileged.metadata!.name = 'c'; privileged.metadata!.labels!['pod-security.kubernetes.io/enforce'] = 'privileged';
    const path = 'metadata.labels["pod-security.kubernetes.io/enforce"]';
    expect(rulePaths(findingsOf('namespace-pod-security', [missing, baseline, privileged]))).toEqual([
      ['namespace-pod-security', path], ['namespace-pod-security', path], ['namespace-pod-security', path],
    ]);
    expect(findingsOf('namespace-pod-security', [baseline])[0].message).toContain('"baseline"');
  });
  test('only the enforce label counts, and only on Namespaces', () => {
    const warnOnly = namespace(); delete warnOnly.metadata!.labels!['pod-security.kubernetes.io/enforce'];
    expect(rulePaths(findingsOf('namespace-pod-security', [warnOnly]))).toEqual([
      ['namespace-pod-security', 'metadata.labels["pod-security.kubernetes.io/enforce"]'],
    ]);
    expect(findingsOf('namespace-pod-security', [deployment(), configMap()])).toEqual([]);
    expect(findingsOf('namespace-pod-security', compliantSet())).toEqual([]);
  });
});

describe('namespace-resource-quota', () => {
  test('flags a Namespace without a ResourceQuota in it', () => {
    const objs = compliantSet().filter((o) => o.kind !== 'ResourceQuota');
    expect(rulePaths(findingsOf('namespace-resource-quota', objs))).toEqual([['namespace-resource-quota', 'metadata.name']]);
  });
  test('a quota in another namespace does not count', () => {
    const q = resourceQuota(); q.metadata!.namespace = 'other';
    expect(rulePaths(findingsOf('namespace-resource-quota', [namespace(), q]))).toEqual([['namespace-resource-quota', 'metadata.name']]);
  });
  test('a quota in the namespace passes; the compliant set passes', () => {
    expect(findingsOf('namespace-resource-quota', [namespace(), resourceQuota()])).toEqual([]);
    expect(findingsOf('namespace-resource-quota', compliantSet())).toEqual([]);
  });
});

describe('namespace-limit-range', () => {
  test('flags a Namespace without a LimitRange in it', () => {
    const objs = compliantSet().filter((o) => o.kind !== 'LimitRange');
    expect(rulePaths(findingsOf('namespace-limit-range', objs))).toEqual([['namespace-limit-range', 'metadata.name']]);
  });
  test('a LimitRange in another namespace does not count; an unnamed Namespace is flagged', () => {
    const lr = limitRange(); lr.metadata!.namespace = 'other';
    const unnamed: K8sObject = { apiVersion: 'v1', kind: 'Namespace' };
    const noNs = limitRange(); delete noNs.metadata!.namespace;
    expect(rulePaths(findingsOf('namespace-limit-range', [namespace(), lr, unnamed, noNs]))).toEqual([
      ['namespace-limit-range', 'metadata.name'], ['namespace-limit-range', 'metadata.name'],
    ]);
  });
  test('a LimitRange in the namespace passes; the compliant set passes', () => {
    expect(findingsOf('namespace-limit-range', [namespace(), limitRange()])).toEqual([]);
    expect(findingsOf('namespace-limit-range', compliantSet())).toEqual([]);
  });
});

describe('network-policy-coverage', () => {
  test('flags every workload when the namespace has no NetworkPolicy', () => {
    const objs = compliantSet().filter((o) => o.kind !== 'NetworkPolicy');
    expect(rulePaths(findingsOf('network-policy-coverage', objs))).toEqual([
      ['network-policy-coverage', 'spec.template.metadata.labels'],
      ['network-policy-coverage', 'spec.template.metadata.labels'],
      ['network-policy-coverage', 'spec.jobTemplate.spec.template.metadata.labels'],
    ]);
  });
  test('policies in another namespace do not count', () => {
    const deny = defaultDenyNetworkPolicy(); deny.metadata!.namespace = 'other';
    const web = networkPolicy(); web.metadata!.namespace = 'other';
    expect(rulePaths(findingsOf('network-policy-coverage', [deny, web, deployment(), cronJob()]))).toEqual([
      ['network-policy-coverage', 'spec.template.metadata.labels'],
      ['network-policy-coverage', 'spec.jobTemplate.spec.template.metadata.labels'],
    ]);
  });
  test('a policy selecting other labels leaves the rest uncovered', () => {
    expect(rulePaths(findingsOf('network-policy-coverage', [networkPolicy(), deployment(), job(), statefulSet()]))).toEqual([
      ['network-policy-coverage', 'spec.template.metadata.labels'],
    ]);
    expect(findingsOf('network-policy-coverage', [networkPolicy(), job()])[0].name).toBe('migrate');
  });
  test('a matchExpressions selector, an empty selector, and an omitted one select', () => {
    const expr = networkPolicy();
    expr.spec.podSelector = { matchExpressions: [{ key: 'app.kubernetes.io/name', operator: 'In', values: ['web', 'migrate'] }] };
    expect(findingsOf('network-policy-coverage', [expr, deployment(), job()])).toEqual([]);
    const omitted = defaultDenyNetworkPolicy(); delete omitted.spec.podSelector;
    expect(findingsOf('network-policy-coverage', [omitted, deployment(), daemonSet(), cronJob()])).toEqual([]);
    expect(findingsOf('network-policy-coverage', [defaultDenyNetworkPolicy(), statefulSet(), daemonSet()])).toEqual([]);
  });
  test('the compliant set passes', () => {
    expect(findingsOf('network-policy-coverage', compliantSet())).toEqual([]);
  });
});

describe('service-selector-matches', () => {
  test('flags a Service whose selector matches no pod template', () => {
    const s = service(); s.spec.selector = { 'app.kubernetes.io/name': 'wbe' };
    expect(rulePaths(findingsOf('service-selector-matches', [s, deployment()]))).toEqual([['service-selector-matches', 'spec.selector']]);
  });
  test('workloads in another namespace do not count', () => {
    const d = deployment(); d.metadata!.namespace = 'other';
    expect(rulePaths(findingsOf('service-selector-matches', [service(), d]))).toEqual([['service-selector-matches', 'spec.selector']]);
  });
  test('selector-less, ExternalName and matching Services pass', () => {
    const noSelector = service(); delete noSelector.spec.selector;
    const empty = service(); empty.spec.selector = {};
    const external: K8sObject = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'db', namespace: NS }, spec: { type: 'ExternalName', externalName: 'db.example.com', selector: { app: 'nothing' } } };
    const subset = service(); subset.spec.selector = { 'app.kubernetes.io/name': 'web' };
    expect(findingsOf('service-selector-matches', [noSelector, empty, external, subset, deployment()])).toEqual([]);
    expect(findingsOf('service-selector-matches', compliantSet())).toEqual([]);
  });
});

describe('service-target-port', () => {
  test('flags a named targetPort no container declares, and a numeric one', () => {
    const s = service();
    s.spec.ports = [
      { name: 'http', port: 80, targetPort: 'http' },
      { name: 'metrics', port: 9090, targetPort: 'metrics' },
      { name: 'admin', port: 81, targetPort: 9000 },
      { name: 'direct', port: 8080, targetPort: 8080 },
      { name: 'implicit', port: 8081 },
    ];
    expect(rulePaths(findingsOf('service-target-port', [s, deployment()]))).toEqual([
      ['service-target-port', 'spec.ports[1].targetPort'],
      ['service-target-port', 'spec.ports[2].targetPort'],
      ['service-target-port', 'spec.ports[4].targetPort'],
    ]);
    expect(findingsOf('service-target-port', [s, deployment()]).map((f) => f.message)).toEqual([
      'Deployment/web selected by this Service declares no container port named "metrics"',
      'Deployment/web selected by this Service declares no containerPort 9000',
      'Deployment/web selected by this Service declares no containerPort 8081 (targetPort defaults to port)',
    ]);
  });
  test('the port must exist in every matched pod template', () => {
    const other = statefulSet();
    other.spec.template.spec.containers[0].ports = [{ name: 'web', containerPort: 8080 }];
    expect(rulePaths(findingsOf('service-target-port', [service(), deployment(), other]))).toEqual([
      ['service-target-port', 'spec.ports[0].targetPort'],
    ]);
    expect(findingsOf('service-target-port', [service(), deployment(), other])[0].message).toContain('StatefulSet/db');
  });
  test('flags invalid port names (what kube-linter checks)', () => {
    const s = service();
    s.spec.ports = [{ port: 80, targetPort: '8080' }, { port: 81, targetPort: 'HTTP_PORT' }, { port: 82, targetPort: true }];
    expect(rulePaths(findingsOf('service-target-port', [s, deployment()]))).toEqual([
      ['service-target-port', 'spec.ports[0].targetPort'],
      ['service-target-port', 'spec.ports[1].targetPort'],
      ['service-target-port', 'spec.ports[2].targetPort'],
    ]);
  });
  test('a port on a native sidecar counts, one on a run-to-completion init container does not', () => {
    const d = deployment();
    d.spec.template.spec.initContainers = [
      { ...appContainer(), name: 'proxy', restartPolicy: 'Always', ports: [{ name: 'proxy', containerPort: 9901 }] },
      { ...appContainer(), name: 'init', ports: [{ name: 'init', containerPort: 9902 }] },
    ];
    const s = service();
    s.spec.ports = [{ port: 80, targetPort: 'proxy' }, { port: 81, targetPort: 9902 }];
    expect(rulePaths(findingsOf('service-target-port', [s, d]))).toEqual([['service-target-port', 'spec.ports[1].targetPort']]);
  });
  test('numeric targetPort that is declared passes; unmatched and ExternalName Services are skipped', () => {
    const numeric = service(); numeric.spec.ports = [{ port: 80, targetPort: 8080 }];
    expect(findingsOf('service-target-port', [numeric, deployment()])).toEqual([]);
    const dangling = service(); dangling.spec.selector = { app: 'none' }; dangling.spec.ports = [{ port: 80, targetPort: 'nope' }];
    const external: K8sObject = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'db', namespace: NS }, spec: { type: 'ExternalName', externalName: 'db.example.com', ports: [{ port: 5432 }] } };
    const odd = service(); odd.spec.ports = 'http';
    expect(findingsOf('service-target-port', [dangling, external, odd, deployment()])).toEqual([]);
    expect(findingsOf('service-target-port', compliantSet())).toEqual([]);
  });
});

describe('env-secret-literal', () => {
  test('flags literal secrets by name and by content, in containers and init containers', () => {
    const d = deployment();
    const c = d.spec.template.spec.containers[0];
    c.env = [
      { name: 'LOG_LEVEL', value: 'info' },
      { name: 'DB_PASSWORD', value: 'hunter2' },
      { name: 'TLS_KEY_PEM', value: PEM },
      { name: 'STRIPE_API_KEY', value: '' },
      { name: 'DB_PASSWORD_FILE', value: '/run/secrets/db/password' },
      { name: 'API_TOKEN', value: '$(API_TOKEN_FROM_SECRET)' },
      { name: 'DATABASE_URL', value: 'postgres://app:hunter2@db/shop' },
    ];
    d.spec.template.spec.initContainers = [{ ...appContainer(), name: 'migrate', env: [{ name: 'GITHUB_TOKEN', value: 'abc' }] }];
    expect(rulePaths(findingsOf('env-secret-literal', [d]))).toEqual([
      ['env-secret-literal', 'spec.template.spec.initContainers[0].env[0].value'],
      ['env-secret-literal', 'spec.template.spec.containers[0].env[1].value'],
      ['env-secret-literal', 'spec.template.spec.containers[0].env[2].value'],
      ['env-secret-literal', 'spec.template.spec.containers[0].env[6].value'],
    ]);
    const messages = findingsOf('env-secret-literal', [d]).map((f) => f.message);
    expect(messages[0]).toBe('init container "migrate" sets env var "GITHUB_TOKEN", whose name says it is a secret, to a literal value');
    expect(messages[2]).toBe('container "app" sets env var "TLS_KEY_PEM" to a value containing a PEM private key block on line 1');
    for (const m of messages) expect(m).not.toContain('hunter2');
  });
  test('CronJob paths', () => {
    const cj = cronJob();
    cj.spec.jobTemplate.spec.template.spec.containers[0].env = [{ name: 'SLACK', value: 'xoxb-1234567890-abcdefghij' }];
    expect(rulePaths(findingsOf('env-secret-literal', [cj]))).toEqual([
      ['env-secret-literal', 'spec.jobTemplate.spec.template.spec.containers[0].env[0].value'],
    ]);
  });
  test('env from ConfigMaps and Secrets, and ordinary values, pass', () => {
    const d = deployment();
    d.spec.template.spec.containers[0].env = [
      { name: 'LOG_LEVEL', value: 'info' },
      { name: 'APP_MODE', valueFrom: { configMapKeyRef: { name: 'web-config', key: 'mode' } } },
      { name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'db', key: 'password' } } },
      { name: 'AUTH_ENABLED', value: 'true' },
      'garbage',
    ];
    d.spec.template.spec.containers[0].envFrom = [{ configMapRef: { name: 'web-config' } }];
    expect(findingsOf('env-secret-literal', [d])).toEqual([]);
    expect(findingsOf('env-secret-literal', compliantSet())).toEqual([]);
  });
});

describe('configmap-secret-content', () => {
  test('flags secret-named keys, and secret content in file values', () => {
    const cm = configMap();
    cm.data = {
      'app.yaml': 'listen: 8080\nlogLevel: info\n',
      'db.password': 'hunter2',
      'tls.key': PEM,
      'application.properties': 'server.port=8080\nspring.datasource.password=hunter2\n',
      'API_TOKEN': '',
      'settings.yaml': 'database:\n  password: ${DB_PASSWORD}\n',
    };
    expect(rulePaths(findingsOf('configmap-secret-content', [cm]))).toEqual([
      ['configmap-secret-content', 'data["db.password"]'],
      ['configmap-secret-content', 'data["tls.key"]'],
      ['configmap-secret-content', 'data["application.properties"]'],
    ]);
    expect(findingsOf('configmap-secret-content', [cm]).map((f) => f.message)).toEqual([
      'data key "db.password" says it is a secret and holds a literal value',
      'data "tls.key" contains a PEM private key block on line 1',
      'data "application.properties" contains a literal value for "spring.datasource.password" on line 2',
    ]);
  });
  test('a PEM block deep inside a config file is found', () => {
    const cm = configMap();
    cm.data = { 'nginx.conf': `server {\n  listen 8443 ssl;\n}\n# key below\n${PEM}` };
    expect(findingsOf('configmap-secret-content', [cm]).map((f) => [f.path, f.message])).toEqual([
      ['data["nginx.conf"]', 'data "nginx.conf" contains a PEM private key block on line 5'],
    ]);
  });
  test('odd data shapes, other kinds and the compliant set pass', () => {
    const cm = configMap(); cm.data = 'password: x';
    const secret: K8sObject = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', namespace: NS }, stringData: { password: 'hunter2' } };
    expect(findingsOf('configmap-secret-content', [cm, secret])).toEqual([]);
    expect(findingsOf('configmap-secret-content', compliantSet())).toEqual([]);
  });
});

describe('secret-env-var', () => {
  test('flags secretKeyRef env vars and envFrom secretRef, in init containers too', () => {
    const d = deployment();
    d.spec.template.spec.containers[0].env = [
      { name: 'LOG_LEVEL', value: 'info' },
      { name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'db', key: 'password' } } },
    ];
    d.spec.template.spec.containers[0].envFrom = [{ configMapRef: { name: 'web-config' } }, { secretRef: { name: 'web-secrets' } }];
    d.spec.template.spec.initContainers = [{ ...appContainer(), name: 'migrate', envFrom: [{ secretRef: { name: 'db' } }] }];
    expect(rulePaths(findingsOf('secret-env-var', [d]))).toEqual([
      ['secret-env-var', 'spec.template.spec.initContainers[0].envFrom[0].secretRef'],
      ['secret-env-var', 'spec.template.spec.containers[0].env[1].valueFrom.secretKeyRef'],
      ['secret-env-var', 'spec.template.spec.containers[0].envFrom[1].secretRef'],
    ]);
    expect(findingsOf('secret-env-var', [d])[1].severity).toBe('warning');
  });
  test('a Job', () => {
    const j = job();
    j.spec.template.spec.containers[0].env = [{ name: 'TOKEN', valueFrom: { secretKeyRef: { name: 't', key: 'token' } } }];
    expect(rulePaths(findingsOf('secret-env-var', [j]))).toEqual([['secret-env-var', 'spec.template.spec.containers[0].env[0].valueFrom.secretKeyRef']]);
  });
  test('ConfigMap refs and secret volumes pass', () => {
    const d = deployment();
    d.spec.template.spec.containers[0].env = [{ name: 'MODE', valueFrom: { configMapKeyRef: { name: 'c', key: 'mode' } } }, null];
    d.spec.template.spec.containers[0].envFrom = [{ configMapRef: { name: 'c' } }];
    d.spec.template.spec.volumes.push({ name: 'db', secret: { secretName: 'db' } });
    expect(findingsOf('secret-env-var', [d])).toEqual([]);
    expect(findingsOf('secret-env-var', compliantSet())).toEqual([]);
  });
});

describe('no-log-volume', () => {
  test('flags mounts with a log or logs path segment', () => {
    const d = deployment();
    d.spec.template.spec.containers[0].volumeMounts = [
      { name: 'tmp', mountPath: '/tmp' },
      { name: 'varlog', mountPath: '/var/log' },
      { name: 'applogs', mountPath: '/app/logs/' },
      { name: 'srv', mountPath: '/srv/log/app' },
      { name: 'catalog', mountPath: '/srv/catalog' },
      { name: 'blog', mountPath: '/var/www/blog' },
      { name: 'logrotate', mountPath: '/etc/logrotate.d' },
    ];
    d.spec.template.spec.initContainers = [{ ...appContainer(), name: 'init', volumeMounts: [{ name: 'l', mountPath: '/var/Log' }] }];
    expect(rulePaths(findingsOf('no-log-volume', [d]))).toEqual([
      ['no-log-volume', 'spec.template.spec.initContainers[0].volumeMounts[0].mountPath'],
      ['no-log-volume', 'spec.template.spec.containers[0].volumeMounts[1].mountPath'],
      ['no-log-volume', 'spec.template.spec.containers[0].volumeMounts[2].mountPath'],
      ['no-log-volume', 'spec.template.spec.containers[0].volumeMounts[3].mountPath'],
    ]);
    expect(findingsOf('no-log-volume', [d])[1].message).toBe('container "app" mounts volume "varlog" at "/var/log", a log directory');
  });
  test('CronJob paths', () => {
    const cj = cronJob();
    cj.spec.jobTemplate.spec.template.spec.containers[0].volumeMounts.push({ name: 'logs', mountPath: '/logs' });
    expect(rulePaths(findingsOf('no-log-volume', [cj]))).toEqual([
      ['no-log-volume', 'spec.jobTemplate.spec.template.spec.containers[0].volumeMounts[1].mountPath'],
    ]);
  });
  test('read-only mounts (a log shipper reading) and the compliant set pass', () => {
    const ds = daemonSet();
    ds.spec.template.spec.containers[0].volumeMounts = [{ name: 'varlog', mountPath: '/var/log', readOnly: true }, { name: 'x' }];
    expect(findingsOf('no-log-volume', [ds])).toEqual([]);
    expect(findingsOf('no-log-volume', compliantSet())).toEqual([]);
  });
});

describe('emptydir-size-limit', () => {
  test('flags emptyDirs without a sizeLimit or with an invalid one', () => {
    const d = deployment();
    d.spec.template.spec.volumes = [
      { name: 'tmp', emptyDir: { sizeLimit: '64Mi' } },
      { name: 'cache', emptyDir: {} },
      { name: 'shm', emptyDir: { medium: 'Memory' } },
      { name: 'bad', emptyDir: { sizeLimit: 'lots' } },
      { name: 'zero', emptyDir: { sizeLimit: '0' } },
      { name: 'null', emptyDir: null },
      { name: 'config', configMap: { name: 'c' } },
    ];
    expect(rulePaths(findingsOf('emptydir-size-limit', [d]))).toEqual([
      ['emptydir-size-limit', 'spec.template.spec.volumes[1].emptyDir.sizeLimit'],
      ['emptydir-size-limit', 'spec.template.spec.volumes[2].emptyDir.sizeLimit'],
      ['emptydir-size-limit', 'spec.template.spec.volumes[3].emptyDir.sizeLimit'],
      ['emptydir-size-limit', 'spec.template.spec.volumes[4].emptyDir.sizeLimit'],
      ['emptydir-size-limit', 'spec.template.spec.volumes[5].emptyDir.sizeLimit'],
    ]);
    expect(findingsOf('emptydir-size-limit', [d])[2].message).toBe('emptyDir volume "bad" has sizeLimit "lots", not a positive quantity');
  });
  test('CronJob and StatefulSet paths', () => {
    const cj = cronJob(); cj.spec.jobTemplate.spec.template.spec.volumes[0].emptyDir = {};
    const ss = statefulSet(); delete ss.spec.template.spec.volumes[0].emptyDir.sizeLimit;
    expect(rulePaths(findingsOf('emptydir-size-limit', [cj, ss]))).toEqual([
      ['emptydir-size-limit', 'spec.jobTemplate.spec.template.spec.volumes[0].emptyDir.sizeLimit'],
      ['emptydir-size-limit', 'spec.template.spec.volumes[0].emptyDir.sizeLimit'],
    ]);
  });
  test('bounded emptyDirs, odd volume lists and the compliant set pass', () => {
    const d = deployment(); d.spec.template.spec.volumes.push({ name: 'n', emptyDir: { sizeLimit: 1073741824 } }, 'garbage');
    const j = job(); j.spec.template.spec.volumes = 'none';
    expect(findingsOf('emptydir-size-limit', [d, j])).toEqual([]);
    expect(findingsOf('emptydir-size-limit', compliantSet())).toEqual([]);
  });
});

describe('the compliant set with one object replaced', () => {
  test('a Service pointing at a renamed port is flagged only by service-target-port', () => {
    const d = deployment(); d.spec.template.spec.containers[0].ports[0].name = 'web';
    const objs = replace(compliantSet(), d);
    expect(rulePaths(findingsOf('service-target-port', objs))).toEqual([['service-target-port', 'spec.ports[0].targetPort']]);
    expect(findingsOf('service-selector-matches', objs)).toEqual([]);
  });
});
