import {
  PodTemplate, containersOf, getIn, isLongLived, isRecord, mapSelectorMatches, nameOf, namespaceOf,
} from '../k8s/manifest';
import { Violation, objectRule, example } from '../engine/rule';

/** RFC 6335 service name, which a named targetPort must be (what kube-linter's invalid-target-ports checks). */
function isValidPortName(name: string): boolean {
  return name.length <= 15 && /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/.test(name) && /[a-z]/.test(name) && !name.includes('--');
}

/** The ports declared by the containers that serve for the pod's lifetime (app containers and sidecars). */
function declaredPorts(pod: PodTemplate): Array<Record<string, any>> {
  return containersOf(pod)
    .filter(isLongLived)
    .flatMap((c) => (Array.isArray(c.container.ports) ? c.container.ports.filter(isRecord) : []));
}

export const serviceTargetPort = objectRule({
  id: 'service-target-port',
  pack: 'network',
  title: 'Service target ports exist on the selected pods',
  severity: 'error',
  pattern: null,
  description: 'A targetPort that names no container port (or a number no container declares) sends traffic nowhere: the Service has endpoints, yet every connection fails or the endpoint is dropped.',
  kinds: ['Service'],
  scope: 'ports of Services with a selector, against the pod templates the selector matches',
  equivalents: { kubeLinter: ['invalid-target-ports'] },
  remediation: 'Declare the port on the containers (ports: [{name: http, containerPort: 8080}]) and point targetPort at its name; ProductionDeployment wires the Service to its named ports.',
  suppressible: true,
  examples: {
    violating: [example`
      apiVersion: apps/v1
      kind: Deployment
      metadata: { name: web, namespace: shop }
      spec:
        replicas: 3
        selector: { matchLabels: { app: web } }
        template:
          metadata: { labels: { app: web } }
          spec:
            containers:
              - name: app
                image: registry.example.com/shop/web:1.4.2
                ports: [{ name: web, containerPort: 8080 }]
      ---
      apiVersion: v1
      kind: Service
      metadata: { name: web, namespace: shop }
      spec:
        selector: { app: web }
        ports: [{ name: http, port: 80, targetPort: http }] # the container's port is named web
    `, example`
      apiVersion: apps/v1
      kind: Deployment
      metadata: { name: web, namespace: shop }
      spec:
        replicas: 3
        selector: { matchLabels: { app: web } }
        template:
          metadata: { labels: { app: web } }
          spec:
            containers:
              - name: app
                image: registry.example.com/shop/web:1.4.2
                ports: [{ name: http, containerPort: 8080 }]
      ---
      apiVersion: v1
      kind: Service
      metadata: { name: web, namespace: shop }
      spec:
        selector: { app: web }
        ports: [{ name: http, port: 80 }] # no targetPort: traffic goes to port 80, where nothing listens
    `],
    compliant: [example`
      apiVersion: apps/v1
      kind: Deployment
      metadata: { name: web, namespace: shop }
      spec:
        replicas: 3
        selector: { matchLabels: { app: web } }
        template:
          metadata: { labels: { app: web } }
          spec:
            containers:
              - name: app
                image: registry.example.com/shop/web:1.4.2
                ports: [{ name: http, containerPort: 8080 }]
      ---
      apiVersion: v1
      kind: Service
      metadata: { name: web, namespace: shop }
      spec:
        selector: { app: web }
        ports: [{ name: http, port: 80, targetPort: http }]
    `],
  },
  admission: {
    gate: 'synth-and-ci',
    reason: 'whether a Service\'s target port is one its pods declare takes the pods it selects: other objects than the Service',
  },
  check: (obj, { index }) => {
    if (getIn(obj, ['spec', 'type']) === 'ExternalName') return [];
    const selector = getIn(obj, ['spec', 'selector']);
    const matched = index.workloadCandidates(namespaceOf(obj), selector).filter((w) => mapSelectorMatches(selector, w.pod.labels));
    const ports = getIn(obj, ['spec', 'ports']);
    if (matched.length === 0 || !Array.isArray(ports)) return [];

    const out: Violation[] = [];
    ports.forEach((port, i) => {
      if (!isRecord(port)) return;
      const path = ['spec', 'ports', i, 'targetPort'];
      const target = port.targetPort ?? port.port;
      let has: (p: Record<string, any>) => boolean;
      let what: string;
      if (typeof target === 'string') {
        if (!isValidPortName(target)) {
          out.push({ path, message: `targetPort ${JSON.stringify(target)} is not a valid port name (at most 15 lower-case letters, digits and dashes, with a letter)` });
          return;
        }
        has = (p) => p.name === target;
        what = `container port named ${JSON.stringify(target)}`;
      } else if (typeof target === 'number') {
        has = (p) => p.containerPort === target;
        what = `containerPort ${target}`;
      } else {
        if (target !== undefined && target !== null) out.push({ path, message: `targetPort is ${JSON.stringify(target)}, neither a port number nor a port name` });
        return;
      }
      const missing = matched.filter((w) => !declaredPorts(w.pod).some(has)).map((w) => `${w.object.kind}/${nameOf(w.object)}`);
      if (missing.length > 0) {
        const implicit = port.targetPort === undefined || port.targetPort === null ? ' (targetPort defaults to port)' : '';
        out.push({ path, message: `${missing.join(', ')} selected by this Service declare${missing.length === 1 ? 's' : ''} no ${what}${implicit}` });
      }
    });
    return out;
  },
});
