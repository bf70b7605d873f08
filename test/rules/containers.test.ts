import { audit } from '../../src/catalogue/audit';
import { K8sObject } from '../../src/k8s/manifest';
import { CATALOGUE } from '../../src/catalogue';
import { suppressionKey } from '../../src/engine/suppression-annotations';
import { appContainer, compliantSet, cronJob, deployment, job } from '../fixtures';
import { findingsOf, ruleById, rulePaths } from '../helpers';

const C0 = 'spec.template.spec.containers[0]';
const I0 = 'spec.template.spec.initContainers[0]';
const SHA256 = 'sha256:' + '0123456789abcdef'.repeat(4);

/** The pod spec of a fixture workload (Deployment, DaemonSet, Job: spec.template.spec). */
function podOf(obj: K8sObject): Record<string, any> {
  return obj.kind === 'CronJob' ? obj.spec.jobTemplate.spec.template.spec : obj.spec.template.spec;
}
function app(obj: K8sObject): Record<string, any> {
  return podOf(obj).containers[0];
}

function daemonSet(): K8sObject {
  const d = deployment();
  d.kind = 'DaemonSet';
  delete d.spec.replicas;
  delete d.spec.strategy;
  return d;
}

/** A native sidecar (init container that runs for the pod's lifetime). */
function withSidecar(obj: K8sObject, change: (c: Record<string, any>) => void = () => {}): K8sObject {
  const sidecar: Record<string, any> = { ...appContainer(), name: 'proxy', restartPolicy: 'Always', ports: [{ name: 'proxy', containerPort: 15001 }] };
  sidecar.livenessProbe = { tcpSocket: { port: 'proxy' } };
  sidecar.readinessProbe = { httpGet: { path: '/ready', port: 'proxy' } };
  change(sidecar);
  podOf(obj).initContainers = [sidecar];
  return obj;
}

/** A run-to-completion init container, like a migration step. */
function withInit(obj: K8sObject, change: (c: Record<string, any>) => void = () => {}): K8sObject {
  const init: Record<string, any> = { ...appContainer(), name: 'migrate' };
  delete init.livenessProbe;
  delete init.readinessProbe;
  delete init.ports;
  change(init);
  podOf(obj).initContainers = [init];
  return obj;
}

/** The probes, resources and images packs: the rules of each container. */
const CONTAINER_RULES = CATALOGUE.filter((r) => ['probes', 'resources', 'images'].includes(r.pack) && !['emptydir-size-limit', 'statefulset-volume-claim-template'].includes(r.id));

describe('the container packs', () => {
  test('list their rules, with the agreed severity and suppressibility', () => {
    expect(CONTAINER_RULES.map((r) => [r.id, r.severity, r.pattern, r.suppressible])).toEqual([
      ['cpu-limit', 'warning', 10, true],
      ['cpu-request', 'error', 10, true],
      ['image-digest-required', 'error', 7, true],
      ['image-moving-tag', 'error', 7, true],
      ['image-not-latest', 'error', 7, true],
      ['image-pull-policy', 'warning', 7, true],
      ['image-registry-allowed', 'error', 7, true],
      ['image-tag-required', 'error', 7, true],
      ['liveness-port', 'error', 4, true],
      ['liveness-probe', 'error', 4, true],
      ['memory-limit', 'error', 10, true],
      ['memory-request', 'error', 10, true],
      ['probe-initial-delay', 'warning', 8, true],
      ['probe-port-named', 'warning', 4, true],
      ['probes-distinct', 'error', 4, true],
      ['readiness-port', 'error', 8, true],
      ['readiness-probe', 'error', 8, true],
      ['requests-within-limits', 'error', 10, true],
      ['startup-port', 'error', 8, true],
    ]);
  });
  test('the compliant system passes every rule of the packs', () => {
    const report = audit(compliantSet().map((object) => ({ object })), CONTAINER_RULES);
    expect(report.findings).toEqual([]);
  });
  test('odd shapes from arbitrary YAML do not crash any rule', () => {
    const d = deployment();
    d.spec.template.spec.containers = [
      'not-a-container',
      { name: 'odd', image: 7, resources: 'lots', ports: 'http', livenessProbe: { httpGet: 'x' }, readinessProbe: [], startupProbe: { grpc: null } },
    ];
    d.spec.template.spec.initContainers = { not: 'a list' };
    const report = audit([{ object: d }, { object: { apiVersion: 'apps/v1', kind: 'Deployment', spec: 'nope' } }], CONTAINER_RULES);
    expect(report.findings.filter((f) => f.message.startsWith('could not be checked'))).toEqual([]);
  });
});

describe('liveness-probe', () => {
  test('flags a Deployment container and a DaemonSet container without one', () => {
    const d = deployment(); delete app(d).livenessProbe;
    const ds = daemonSet(); delete app(ds).livenessProbe;
    const findings = findingsOf('liveness-probe', [d, ds]);
    expect(rulePaths(findings)).toEqual([
      ['liveness-probe', `${C0}.livenessProbe`],
      ['liveness-probe', `${C0}.livenessProbe`],
    ]);
    expect(findings.map((f) => f.kind)).toEqual(['Deployment', 'DaemonSet']);
    expect(findings[0].message).toBe('container "app" has no livenessProbe');
  });
  test('requires it of a native sidecar, not of a run-to-completion init container', () => {
    const withProxy = withSidecar(deployment(), (s) => delete s.livenessProbe);
    const withMigrate = withInit(deployment());
    expect(rulePaths(findingsOf('liveness-probe', [withProxy, withMigrate]))).toEqual([
      ['liveness-probe', `${I0}.livenessProbe`],
    ]);
  });
  test('flags a probe without a handler, and one that is not an object', () => {
    const d = deployment(); app(d).livenessProbe = { periodSeconds: 10 };
    const e = deployment(); app(e).livenessProbe = 'yes';
    const findings = findingsOf('liveness-probe', [d, e]);
    expect(rulePaths(findings)).toEqual([
      ['liveness-probe', `${C0}.livenessProbe`],
      ['liveness-probe', `${C0}.livenessProbe`],
    ]);
    expect(findings.map((f) => f.message)).toEqual([
      'the livenessProbe of container "app" has no handler (httpGet, tcpSocket, grpc or exec)',
      'container "app" has a livenessProbe of "yes", which is not a probe',
    ]);
  });
  test('Jobs and CronJobs need no probes', () => {
    const j = job(); const cj = cronJob();
    expect(app(j).livenessProbe).toBeUndefined();
    expect(findingsOf('liveness-probe', [j, cj])).toEqual([]);
  });
  test('passes exec and grpc probes, and the compliant set', () => {
    const d = deployment(); app(d).livenessProbe = { exec: { command: ['/bin/health'] } };
    const g = deployment(); app(g).livenessProbe = { grpc: { port: 8080 } };
    expect(findingsOf('liveness-probe', [d, g, withSidecar(daemonSet())])).toEqual([]);
    expect(findingsOf('liveness-probe', compliantSet())).toEqual([]);
  });
});

describe('readiness-probe', () => {
  test('flags app containers of a Deployment and a DaemonSet', () => {
    const d = deployment(); delete app(d).readinessProbe;
    const ds = daemonSet(); app(ds).readinessProbe = null;
    expect(rulePaths(findingsOf('readiness-probe', [d, ds]))).toEqual([
      ['readiness-probe', `${C0}.readinessProbe`],
      ['readiness-probe', `${C0}.readinessProbe`],
    ]);
  });
  test('does not require it of sidecars or init containers, nor of Jobs', () => {
    const withProxy = withSidecar(deployment(), (s) => delete s.readinessProbe);
    const withMigrate = withInit(deployment());
    expect(findingsOf('readiness-probe', [withProxy, withMigrate, job(), cronJob()])).toEqual([]);
  });
  test('flags a probe without a handler', () => {
    const d = deployment(); app(d).readinessProbe = { initialDelaySeconds: 5 };
    expect(rulePaths(findingsOf('readiness-probe', [d]))).toEqual([['readiness-probe', `${C0}.readinessProbe`]]);
  });
  test('passes the compliant set', () => {
    expect(findingsOf('readiness-probe', compliantSet())).toEqual([]);
  });
});

describe('probes-distinct', () => {
  test('flags identical handlers even when the timings differ', () => {
    const d = deployment();
    app(d).readinessProbe = { httpGet: { path: '/healthz', port: 'http' }, periodSeconds: 2, initialDelaySeconds: 5 };
    const findings = findingsOf('probes-distinct', [d]);
    expect(rulePaths(findings)).toEqual([['probes-distinct', `${C0}.livenessProbe`]]);
    expect(findings[0].message).toBe('the livenessProbe of container "app" checks the same thing as its readinessProbe (httpGet {"path":"/healthz","port":"http"})');
  });
  test('sees through defaults, port names and header order', () => {
    const named = deployment();
    app(named).livenessProbe = { httpGet: { port: 'http', scheme: 'HTTP' } };
    app(named).readinessProbe = { httpGet: { path: '/', port: 8080 } };
    const headers = deployment();
    app(headers).livenessProbe = { httpGet: { path: '/h', port: 'http', httpHeaders: [{ name: 'A', value: '1' }, { name: 'b', value: '2' }] } };
    app(headers).readinessProbe = { httpGet: { path: '/h', port: 'http', httpHeaders: [{ name: 'B', value: '2' }, { name: 'a', value: '1' }] } };
    const exec = deployment();
    app(exec).livenessProbe = { exec: { command: ['/bin/check'] } };
    app(exec).readinessProbe = { exec: { command: ['/bin/check'] }, timeoutSeconds: 3 };
    const grpc = withSidecar(deployment(), (s) => {
      s.livenessProbe = { grpc: { port: 15001 } };
      s.readinessProbe = { grpc: { port: 15001, service: '' } };
    });
    expect(rulePaths(findingsOf('probes-distinct', [named, headers, exec, grpc]))).toEqual([
      ['probes-distinct', `${C0}.livenessProbe`],
      ['probes-distinct', `${C0}.livenessProbe`],
      ['probes-distinct', `${C0}.livenessProbe`],
      ['probes-distinct', `${I0}.livenessProbe`],
    ]);
  });
  test('passes different paths, ports, commands, grpc services and handler types', () => {
    const port = deployment();
    app(port).ports.push({ name: 'admin', containerPort: 9090 });
    app(port).readinessProbe = { httpGet: { path: '/healthz', port: 'admin' } };
    const exec = deployment();
    app(exec).livenessProbe = { exec: { command: ['/bin/alive'] } };
    app(exec).readinessProbe = { exec: { command: ['/bin/ready'] } };
    const grpc = deployment();
    app(grpc).livenessProbe = { grpc: { port: 8080, service: 'liveness' } };
    app(grpc).readinessProbe = { grpc: { port: 8080, service: 'readiness' } };
    const kinds = deployment();
    app(kinds).livenessProbe = { tcpSocket: { port: 'http' } };
    const onlyOne = deployment(); delete app(onlyOne).readinessProbe;
    expect(findingsOf('probes-distinct', [port, exec, grpc, kinds, onlyOne])).toEqual([]);
    expect(findingsOf('probes-distinct', compliantSet())).toEqual([]);
  });
});

describe('liveness-port, readiness-port, startup-port', () => {
  test('flag a numeric or named port the container does not declare', () => {
    const d = deployment();
    app(d).livenessProbe = { httpGet: { path: '/healthz', port: 9090 } };
    app(d).readinessProbe = { tcpSocket: { port: 'admin' } };
    app(d).startupProbe = { grpc: { port: 9000 } };
    expect(rulePaths(findingsOf('liveness-port', [d]))).toEqual([['liveness-port', `${C0}.livenessProbe.httpGet.port`]]);
    expect(rulePaths(findingsOf('readiness-port', [d]))).toEqual([['readiness-port', `${C0}.readinessProbe.tcpSocket.port`]]);
    expect(rulePaths(findingsOf('startup-port', [d]))).toEqual([['startup-port', `${C0}.startupProbe.grpc.port`]]);
    expect(findingsOf('liveness-port', [d])[0].message)
      .toBe('the httpGet livenessProbe of container "app" targets port 9090, which the container does not declare (it declares "http" (8080))');
  });
  test('flag a missing port, a container without ports, and a sidecar', () => {
    const d = deployment();
    app(d).livenessProbe = { httpGet: { path: '/healthz' } };
    const bare = deployment(); delete app(bare).ports;
    const s = withSidecar(deployment(), (c) => { c.readinessProbe = { httpGet: { port: 'http' } }; });
    expect(rulePaths(findingsOf('liveness-port', [d, bare]))).toEqual([
      ['liveness-port', `${C0}.livenessProbe.httpGet.port`],
      ['liveness-port', `${C0}.livenessProbe.httpGet.port`],
    ]);
    expect(findingsOf('liveness-port', [d])[0].message).toBe('the httpGet livenessProbe of container "app" has no port');
    expect(findingsOf('liveness-port', [bare])[0].message).toContain('(it declares no ports)');
    expect(rulePaths(findingsOf('readiness-port', [s]))).toEqual([['readiness-port', `${I0}.readinessProbe.httpGet.port`]]);
  });
  test('pass declared numbers, declared names, grpc on a declared port, and exec probes', () => {
    const numeric = deployment();
    app(numeric).livenessProbe = { httpGet: { path: '/healthz', port: 8080 } };
    app(numeric).readinessProbe = { tcpSocket: { port: 8080 } };
    app(numeric).startupProbe = { grpc: { port: 8080 } };
    const named = deployment();
    app(named).startupProbe = { httpGet: { path: '/started', port: 'http' } };
    const exec = deployment(); delete app(exec).ports;
    app(exec).livenessProbe = { exec: { command: ['/bin/alive'] } };
    app(exec).readinessProbe = { exec: { command: ['/bin/ready'] } };
    app(exec).startupProbe = { exec: { command: ['/bin/started'] } };
    for (const id of ['liveness-port', 'readiness-port', 'startup-port']) {
      expect(findingsOf(id, [numeric, named, exec])).toEqual([]);
      expect(findingsOf(id, compliantSet())).toEqual([]);
    }
  });
  test('come from one template and differ only in their data', () => {
    expect(['liveness-port', 'readiness-port', 'startup-port'].map((id) => [ruleById(id).equivalents.kubeLinter, ruleById(id).pattern]))
      .toEqual([[['liveness-port'], 4], [['readiness-port'], 8], [['startup-port'], 8]]);
  });
});

describe('probe-port-named', () => {
  test('flags httpGet and tcpSocket probes with a numeric port, once per probe', () => {
    const d = deployment();
    app(d).livenessProbe = { httpGet: { path: '/healthz', port: 8080 } };
    app(d).readinessProbe = { tcpSocket: { port: 8080 } };
    app(d).startupProbe = { httpGet: { path: '/s', port: 8080 }, tcpSocket: { port: 8080 } };
    const findings = findingsOf('probe-port-named', [d]);
    expect(rulePaths(findings)).toEqual([
      ['probe-port-named', `${C0}.livenessProbe.httpGet.port`],
      ['probe-port-named', `${C0}.readinessProbe.tcpSocket.port`],
      ['probe-port-named', `${C0}.startupProbe.httpGet.port`],
    ]);
    expect(findings[0].message).toBe('the livenessProbe of container "app" refers to port 8080 by number, not by name');
  });
  test('passes named ports, grpc (which must be a number) and exec', () => {
    const d = deployment();
    app(d).startupProbe = { grpc: { port: 8080 } };
    const e = deployment(); app(e).livenessProbe = { exec: { command: ['/bin/alive'] } };
    expect(findingsOf('probe-port-named', [d, e])).toEqual([]);
    expect(findingsOf('probe-port-named', compliantSet())).toEqual([]);
  });
});

describe('probe-initial-delay', () => {
  test('flags liveness and readiness delays over 60 seconds', () => {
    const d = deployment();
    app(d).livenessProbe.initialDelaySeconds = 61;
    app(d).readinessProbe.initialDelaySeconds = 120;
    const findings = findingsOf('probe-initial-delay', [d]);
    expect(rulePaths(findings)).toEqual([
      ['probe-initial-delay', `${C0}.livenessProbe.initialDelaySeconds`],
      ['probe-initial-delay', `${C0}.readinessProbe.initialDelaySeconds`],
    ]);
    expect(findings[0].message).toBe('the livenessProbe of container "app" waits 61 seconds before its first check (more than 60)');
  });
  test('passes 60 seconds, a startup probe with a long delay, and the compliant set', () => {
    const d = deployment();
    app(d).livenessProbe.initialDelaySeconds = 60;
    app(d).startupProbe = { httpGet: { path: '/healthz', port: 'http' }, initialDelaySeconds: 300 };
    expect(findingsOf('probe-initial-delay', [d])).toEqual([]);
    expect(findingsOf('probe-initial-delay', compliantSet())).toEqual([]);
  });
});

describe('cpu-request, memory-request, memory-limit', () => {
  test('flag unset values on init containers and containers', () => {
    const d = withInit(deployment(), (i) => { delete i.resources; });
    delete app(d).resources.requests.cpu;
    delete app(d).resources.requests.memory;
    delete app(d).resources.limits.memory;
    expect(rulePaths(findingsOf('cpu-request', [d]))).toEqual([
      ['cpu-request', `${I0}.resources.requests.cpu`],
      ['cpu-request', `${C0}.resources.requests.cpu`],
    ]);
    expect(rulePaths(findingsOf('memory-request', [d]))).toEqual([
      ['memory-request', `${I0}.resources.requests.memory`],
      ['memory-request', `${C0}.resources.requests.memory`],
    ]);
    expect(rulePaths(findingsOf('memory-limit', [d]))).toEqual([
      ['memory-limit', `${I0}.resources.limits.memory`],
      ['memory-limit', `${C0}.resources.limits.memory`],
    ]);
    expect(findingsOf('cpu-request', [d]).map((f) => f.message)).toEqual([
      'init container "migrate" has no CPU request',
      'container "app" has no CPU request',
    ]);
  });
  test('flag malformed and zero quantities, with the value', () => {
    const d = deployment();
    app(d).resources.requests.cpu = 'lots';
    app(d).resources.requests.memory = '0';
    app(d).resources.limits.memory = '256MB';
    expect(findingsOf('cpu-request', [d]).map((f) => [f.path, f.message])).toEqual([
      [`${C0}.resources.requests.cpu`, 'container "app" has CPU request "lots", which is not a valid quantity'],
    ]);
    expect(findingsOf('memory-request', [d]).map((f) => [f.path, f.message])).toEqual([
      [`${C0}.resources.requests.memory`, 'container "app" has memory request "0", which is not more than zero'],
    ]);
    expect(findingsOf('memory-limit', [d]).map((f) => [f.path, f.message])).toEqual([
      [`${C0}.resources.limits.memory`, 'container "app" has memory limit "256MB", which is not a valid quantity'],
    ]);
  });
  test('flag CronJob and Job containers, and a resources field that is not an object', () => {
    const cj = cronJob(); delete app(cj).resources.requests.memory;
    const j = job(); app(j).resources = 'plenty';
    expect(rulePaths(findingsOf('memory-request', [cj, j]))).toEqual([
      ['memory-request', 'spec.jobTemplate.spec.template.spec.containers[0].resources.requests.memory'],
      ['memory-request', `${C0}.resources.requests.memory`],
    ]);
  });
  test('pass numeric quantities, a sidecar with resources, and the compliant set', () => {
    const d = withSidecar(deployment());
    app(d).resources = { requests: { cpu: 1, memory: 134217728 }, limits: { cpu: 2, memory: '1e9' } };
    for (const id of ['cpu-request', 'memory-request', 'memory-limit']) {
      expect(findingsOf(id, [d])).toEqual([]);
      expect(findingsOf(id, compliantSet())).toEqual([]);
    }
  });
});

describe('cpu-limit', () => {
  test('warns about an unset CPU limit, including on init containers', () => {
    const d = withInit(deployment(), (i) => { delete i.resources.limits.cpu; });
    delete app(d).resources.limits.cpu;
    const findings = findingsOf('cpu-limit', [d]);
    expect(rulePaths(findings)).toEqual([
      ['cpu-limit', `${I0}.resources.limits.cpu`],
      ['cpu-limit', `${C0}.resources.limits.cpu`],
    ]);
    expect(findings.map((f) => f.severity)).toEqual(['warning', 'warning']);
  });
  test('leaving it out is recorded by a reasoned suppression', () => {
    const d = deployment();
    delete app(d).resources.limits.cpu;
    d.metadata!.annotations = { [suppressionKey('cpu-limit')]: 'latency-sensitive service; throttling costs more than a noisy neighbour' };
    const report = audit([{ object: d }], [ruleById('cpu-limit')]);
    expect(report.findings).toEqual([]);
    expect(report.suppressed.map((f) => f.path)).toEqual([`${C0}.resources.limits.cpu`]);
    expect(ruleById('cpu-limit').remediation).toMatch(/suppress/);
  });
  test('passes a set limit and the compliant set', () => {
    expect(findingsOf('cpu-limit', [deployment(), job()])).toEqual([]);
    expect(findingsOf('cpu-limit', compliantSet())).toEqual([]);
  });
});

describe('requests-within-limits', () => {
  test('flags a request above its limit, at the request', () => {
    const d = withInit(deployment(), (i) => { i.resources.requests.memory = '1Gi'; });
    app(d).resources.requests.cpu = '1';
    const findings = findingsOf('requests-within-limits', [d]);
    expect(rulePaths(findings)).toEqual([
      ['requests-within-limits', `${I0}.resources.requests.memory`],
      ['requests-within-limits', `${C0}.resources.requests.cpu`],
    ]);
    expect(findings[1].message).toBe('container "app" has CPU request "1" above its CPU limit "500m"');
  });
  test('passes equal values in different notations, and skips what does not parse', () => {
    const d = deployment();
    app(d).resources = { requests: { cpu: '0.3', memory: '256Mi' }, limits: { cpu: '300m', memory: 268435456 } };
    const malformed = deployment();
    app(malformed).resources = { requests: { cpu: 'lots', memory: '1Gi' }, limits: { cpu: '1' } };
    expect(findingsOf('requests-within-limits', [d, malformed])).toEqual([]);
    expect(findingsOf('requests-within-limits', compliantSet())).toEqual([]);
  });
});

describe('image-tag-required and image-not-latest', () => {
  test('image-tag-required flags untagged, malformed and missing images', () => {
    const untagged = deployment(); app(untagged).image = 'registry.example.com/shop/web';
    const port = deployment(); app(port).image = 'localhost:5000/app';
    const upper = withInit(deployment(), (i) => { i.image = 'Nginx:1.25'; });
    const missing = cronJob(); delete app(missing).image;
    const findings = findingsOf('image-tag-required', [untagged, port, upper, missing]);
    expect(rulePaths(findings)).toEqual([
      ['image-tag-required', `${C0}.image`],
      ['image-tag-required', `${C0}.image`],
      ['image-tag-required', `${I0}.image`],
      ['image-tag-required', 'spec.jobTemplate.spec.template.spec.containers[0].image'],
    ]);
    expect(findings.map((f) => f.message)).toEqual([
      'the image of container "app" is not pinned: "registry.example.com/shop/web" has no tag and no digest, so it means whatever "latest" is when the image is pulled',
      'the image of container "app" is not pinned: "localhost:5000/app" has no tag and no digest (":5000" is the registry\'s port, not a tag), so it means whatever "latest" is when the image is pulled',
      'the image of init container "migrate" is not pinned: "Nginx:1.25" has an upper-case repository name ("Nginx"); repository names are lower case',
      'container "report" has no image',
    ]);
  });
  test('image-not-latest flags the latest tag without a digest', () => {
    const d = deployment(); app(d).image = 'nginx:latest';
    const findings = findingsOf('image-not-latest', [d]);
    expect(rulePaths(findings)).toEqual([['image-not-latest', `${C0}.image`]]);
    expect(findings[0].message).toBe('the image of container "app" is not pinned: "nginx:latest" uses the "latest" tag, which does not say which version runs');
  });
  test('each bad image is reported by exactly one of the two rules', () => {
    const images: Array<[unknown, string | undefined]> = [
      ['nginx', 'image-tag-required'],
      ['localhost:5000/app', 'image-tag-required'],
      ['nginx:', 'image-tag-required'],
      [42, 'image-tag-required'],
      ['', 'image-tag-required'],
      ['nginx:latest', 'image-not-latest'],
      ['localhost:5000/app:latest', 'image-not-latest'],
      [`nginx:latest@${SHA256}`, undefined],
      [`nginx@${SHA256}`, undefined],
      ['localhost:5000/app:1.0', undefined],
    ];
    for (const [image, expected] of images) {
      const d = deployment(); app(d).image = image;
      const rules = [...findingsOf('image-tag-required', [d]), ...findingsOf('image-not-latest', [d])].map((f) => f.rule);
      expect([image, rules]).toEqual([image, expected ? [expected] : []]);
    }
  });
  test('both pass the compliant set', () => {
    expect(findingsOf('image-tag-required', compliantSet())).toEqual([]);
    expect(findingsOf('image-not-latest', compliantSet())).toEqual([]);
  });
});

describe('image-pull-policy', () => {
  test('flags Always and Never on pinned images', () => {
    const always = deployment(); app(always).imagePullPolicy = 'Always';
    const never = withInit(deployment(), (i) => { i.image = `registry.example.com/shop/migrate@${SHA256}`; i.imagePullPolicy = 'Never'; });
    const findings = findingsOf('image-pull-policy', [always, never]);
    expect(rulePaths(findings)).toEqual([
      ['image-pull-policy', `${C0}.imagePullPolicy`],
      ['image-pull-policy', `${I0}.imagePullPolicy`],
    ]);
    expect(findings[0].message).toBe('container "app" pulls its pinned image "registry.example.com/shop/web:1.4.2" with imagePullPolicy "Always"');
  });
  test('passes unset and IfNotPresent, and leaves unpinned images to the image rules', () => {
    const unset = deployment(); delete app(unset).imagePullPolicy;
    const latest = deployment(); app(latest).image = 'nginx:latest'; app(latest).imagePullPolicy = 'Always';
    const untagged = deployment(); app(untagged).image = 'nginx'; app(untagged).imagePullPolicy = 'Always';
    expect(findingsOf('image-pull-policy', [unset, latest, untagged])).toEqual([]);
    expect(findingsOf('image-pull-policy', compliantSet())).toEqual([]);
  });
});
