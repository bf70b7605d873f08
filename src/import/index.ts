import { audit } from '../catalogue/audit';
import { NODE_COUNT_ANNOTATION, PROXIED_PORT_ANNOTATION } from '../k8s/annotations';
import { isClusterScoped } from '../k8s/kinds';
import { applicableObjects } from '../k8s/lists';
import { proxyConfigOf } from '../k8s/proxy-config';
import {
  K8sObject, getIn, isRecord, mapSelectorMatches, nameOf, namespaceOf, podTemplateOf, selectorMatches,
} from '../k8s/manifest';
import { secretLikeContent } from '../secrets/secret-patterns';
import { Code, Decision, Value, render, str, todoComment } from './code';
import { networkProps } from './peers';
import { durationCode, podProps, suppressionsOf } from './pod';
import { proxyProps } from './proxy';

/*
 * `cdk8s-prod import`: manifests as a cdk8s-prod app. Each workload with what belongs to it (its
 * Service, PodDisruptionBudget, NetworkPolicy, autoscaler, ServiceAccount, ConfigMaps) becomes
 * one construct; a Namespace with its quota a QuotaNamespace; the rest stays an ApiObject. What
 * the input lacks and a construct requires is a decision (`decide(…)`, which does not compile)
 * under a TODO comment; every finding of `check` on the input is accounted for once.
 */

export interface ImportOptions {
  /** The app's name: the Chart's id and the folder under apps/. */
  readonly appName: string;
  /** The files read, for the header. */
  readonly sources?: readonly string[];
  /** Defaults of the proxy sidecar, to leave out what equals them. */
  readonly proxyDefaults?: { readonly port: number; readonly image: string };
}

export interface ImportedUnit {
  readonly construct: string;
  readonly id: string;
  /** The input objects it stands for (`Kind/name`). */
  readonly from: string[];
}

export interface FindingDisposition {
  readonly rule: string;
  readonly object: string;
  readonly path: string;
  readonly message: string;
  /** `decision`: a TODO in the code; `fixed`: the construct writes it compliant; `raw`: kept as it is, still to fix. */
  readonly disposition: 'decision' | 'fixed' | 'raw';
}

export interface ImportSummary {
  readonly mapped: ImportedUnit[];
  readonly raw: Array<{ object: string; why: string }>;
  readonly decisions: Array<{ rule: string; why: string }>;
  /** Where the construct's output differs from the input, beyond the findings it fixes. */
  readonly differences: string[];
  readonly findings: FindingDisposition[];
}

export interface ImportResult {
  readonly code: string;
  readonly summary: ImportSummary;
}

const DEFAULT_PROXY = { port: 8081, image: 'docker.io/nginxinc/nginx-unprivileged:1.27.3-alpine' };
const WORKLOAD_KINDS = ['Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob', 'Pod'];

interface Unit {
  /** The variable that holds it, when other code refers to it. */
  varName?: string;
  construct: string;
  id: string;
  scope: string;
  props: Record<string, Value>;
  from: K8sObject[];
  suppressions: Array<{ rule: string; reason: Value }>;
}

function who(o: K8sObject): string {
  const ns = namespaceOf(o);
  return `${o.kind}/${nameOf(o)}${ns ? ` (namespace ${ns})` : ''}`;
}

function ident(name: string): string {
  const parts = name.split(/[^A-Za-z0-9]+/).filter(Boolean);
  const camel = parts.map((p, i) => (i === 0 ? p.toLowerCase() : p[0].toUpperCase() + p.slice(1).toLowerCase())).join('');
  return /^[A-Za-z_$]/.test(camel) ? camel : `_${camel}`;
}

function podLabelsOf(obj: K8sObject): Record<string, string> {
  const pod = podTemplateOf(obj);
  return pod ? pod.labels : {};
}

/** Imports manifests as the TypeScript of a cdk8s-prod app, with its summary. */
export function importManifests(input: readonly K8sObject[], options: ImportOptions): ImportResult {
  const objects = applicableObjects(input);
  const findings = audit(objects.map((object) => ({ object }))).findings;
  const used = new Set<K8sObject>();
  const units: Unit[] = [];
  const raw: Array<{ object: K8sObject; why: string }> = [];
  const differences: string[] = [];
  const proxyDefaults = options.proxyDefaults ?? DEFAULT_PROXY;

  const namespaces = [...new Set(objects.filter((o) => !isClusterScoped(o.kind)).map(namespaceOf))];
  // Workloads go into their namespace's QuotaNamespace, or carry their namespace as a prop; the
  // chart has a namespace only for manifests that name none (a decision).
  const scopes = new Map<string, string>();
  const chartOptions: Record<string, Value> = { disableResourceNameHashes: true };
  for (const ns of namespaces) {
    const nsObject = objects.find((o) => o.kind === 'Namespace' && nameOf(o) === ns);
    const quota = objects.find((o) => o.kind === 'ResourceQuota' && namespaceOf(o) === ns && getIn(o, ['spec', 'scopes']) === undefined);
    if (ns !== '' && ns !== 'default' && (nsObject || quota)) {
      const unit = quotaNamespace(ns, nsObject, quota, objects, used, differences);
      scopes.set(ns, unit.varName!);
      units.push(unit);
    } else if (ns === '' || ns === 'default') {
      scopes.set(ns, 'chart');
      chartOptions.namespace = new Decision('namespace-not-default', 'objects of the manifests name no namespace or "default", where nothing of production belongs; which namespace are they for?');
    }
  }

  for (const obj of objects) {
    if (!WORKLOAD_KINDS.includes(obj.kind) || used.has(obj)) continue;
    const ns = namespaceOf(obj);
    const scope = scopes.get(ns) ?? 'chart';
    const made = workloadUnit(obj, scope, objects, used, differences, proxyDefaults);
    if (typeof made === 'string') raw.push({ object: obj, why: made });
    else units.push(scopes.has(ns) ? made : { ...made, props: { name: made.props.name, namespace: ns, ...made.props } });
  }
  for (const obj of objects) {
    if (used.has(obj) || raw.some((r) => r.object === obj)) continue;
    raw.push({ object: obj, why: `${obj.kind} has no construct` });
  }

  // The code.
  const decisions: Decision[] = [];
  const chartLine = `  const chart = new Chart(app, ${str(options.appName)}, ${render(chartOptions, '  ', decisions)});`;
  const body: string[] = [chartLine];
  for (const u of units) {
    const v = u.varName ?? (u.suppressions.length ? ident(u.id) : undefined);
    const rendered = render(u.props, '  ', decisions);
    body.push('', `  // From ${u.from.map(who).join(', ')}`);
    body.push(`  ${v ? `const ${v} = ` : ''}new ${u.construct}(${u.scope}, ${str(u.id)}, ${rendered});`);
    for (const s of u.suppressions) {
      if (s.reason instanceof Decision) body.push(`  ${todoComment(s.reason)}`);
      body.push(`  Suppressions.add(${v}, ${str(s.rule)}, ${render(s.reason, '  ', decisions)});`);
    }
  }
  for (const r of raw) {
    const scope = 'chart';
    const id = `${r.object.kind.toLowerCase()}-${nameOf(r.object)}`;
    const problems = findings.filter((f) => f.kind === r.object.kind && f.name === nameOf(r.object)
      && f.namespace === namespaceOf(r.object));
    body.push('', `  // Kept as it is: ${r.why}.`);
    for (const f of problems) body.push(`  // TODO(cdk8s-prod): ${f.rule}: ${f.path}: ${f.message}`);
    body.push(`  new ApiObject(${scope}, ${str(id)}, ${render(asProps(r.object, who(r.object)), '  ', decisions)});`);
  }
  const code = renderFile(options, body);

  // Every finding once: a decision in the code, fixed by a construct, or kept raw.
  const decidedRules = new Set(decisions.map((d) => d.rule));
  const dispositions: FindingDisposition[] = findings.map((f) => {
    const object = `${f.kind}/${f.name}`;
    const rawObject = raw.some((r) => r.object.kind === f.kind && nameOf(r.object) === f.name && namespaceOf(r.object) === f.namespace);
    const decided = decisions.some((d) => d.rule === f.rule && d.why.includes(object));
    return {
      rule: f.rule, object, path: f.path, message: f.message,
      disposition: rawObject ? 'raw' : decided || (decidedRules.has(f.rule) && f.rule === 'namespace-not-default') ? 'decision' : 'fixed',
    };
  });
  return {
    code,
    summary: {
      mapped: units.map((u) => ({ construct: u.construct, id: u.id, from: u.from.map(who) })),
      raw: raw.map((r) => ({ object: who(r.object), why: r.why })),
      decisions: decisions.map((d) => ({ rule: d.rule, why: d.why })),
      differences,
      findings: dispositions,
    },
  };
}

function asProps(o: K8sObject, where: string): Value {
  const { status: _status, ...rest } = o as Record<string, any>;
  // A Secret's values are never copied into the code: they belong in a secret manager.
  if (o.kind === 'Secret') {
    for (const field of ['data', 'stringData']) {
      if (rest[field] !== undefined) {
        rest[field] = new Decision('secret-in-manifests', `${where} holds its values in the manifests; create it from a secret manager (External Secrets, Sealed Secrets) instead`);
      }
    }
  }
  const metadata = { ...(rest.metadata ?? {}) };
  for (const k of ['uid', 'resourceVersion', 'generation', 'creationTimestamp', 'managedFields', 'selfLink']) delete metadata[k];
  return toValue({ ...rest, metadata });
}

function toValue(x: unknown): Value {
  if (x instanceof Decision || x instanceof Code) return x;
  if (x === null) return new Code('null');
  if (Array.isArray(x)) return x.map(toValue);
  if (isRecord(x)) return Object.fromEntries(Object.entries(x).map(([k, v]) => [k, toValue(v)]));
  return x as Value;
}

function renderFile(options: ImportOptions, body: string[]): string {
  const text = body.join('\n');
  const has = (name: string) => new RegExp(`\\b${name}\\b`).test(text);
  const cdk8s = ['ApiObject', 'Chart', 'Duration'].filter((n) => n === 'Chart' || has(n));
  const ours = ['BoundedCronJob', 'BoundedJob', 'ConfigFile', 'ConfiguredApp', 'CpuLimit', 'Peer', 'Probe', 'ProductionApp', 'ProductionDaemonSet',
    'ProductionDeployment', 'ProductionStatefulSet', 'QuotaNamespace', 'Suppressions', 'decide'].filter((n) => n === 'ProductionApp' || has(n));
  return [
    '// Written by `cdk8s-prod import`: review each TODO(cdk8s-prod) and replace its decide(…) with your choice.',
    ...(options.sources?.length ? [`// From: ${options.sources.join(', ')}`] : []),
    `import { ${cdk8s.join(', ')} } from 'cdk8s';`,
    `import {\n  ${ours.join(', ')},\n} from 'cdk8s-prod';`,
    '',
    `/** The ${options.appName} app, imported from its manifests. */`,
    'export function build(app: ProductionApp): void {',
    text,
    '}',
    '',
  ].join('\n').replace(/\n{3,}/g, '\n\n');
}

function quotaNamespace(ns: string, nsObject: K8sObject | undefined, quota: K8sObject | undefined, objects: readonly K8sObject[],
  used: Set<K8sObject>, differences: string[]): Unit {
  const from: K8sObject[] = [];
  if (nsObject) from.push(nsObject);
  const hard = isRecord(getIn(quota, ['spec', 'hard'])) ? getIn(quota, ['spec', 'hard']) as Record<string, unknown> : {};
  const q = (keys: string[]) => keys.map((k) => hard[k]).find((x) => x !== undefined);
  const text = (x: unknown) => (x === undefined ? undefined : String(x));
  const where = `namespace ${ns}`;
  const quotaProps: Record<string, Value> = {
    requestsCpu: text(q(['requests.cpu', 'cpu'])) ?? new Decision('namespace-resource-quota', `${where}: the quota sets no requests.cpu`),
    requestsMemory: text(q(['requests.memory', 'memory'])) ?? new Decision('namespace-resource-quota', `${where}: the quota sets no requests.memory`),
    limitsMemory: text(q(['limits.memory'])) ?? new Decision('namespace-resource-quota', `${where}: the quota sets no limits.memory`),
    limitsCpu: text(q(['limits.cpu'])),
    pods: q(['pods', 'count/pods']) !== undefined ? Number(q(['pods', 'count/pods'])) : new Decision('namespace-resource-quota', `${where}: the quota sets no pods`),
    services: q(['services', 'count/services']) !== undefined ? Number(q(['services', 'count/services'])) : undefined,
    configMaps: q(['configmaps', 'count/configmaps']) !== undefined ? Number(q(['configmaps', 'count/configmaps'])) : undefined,
    secrets: q(['secrets', 'count/secrets']) !== undefined ? Number(q(['secrets', 'count/secrets'])) : undefined,
    persistentVolumeClaims: q(['persistentvolumeclaims', 'count/persistentvolumeclaims']) !== undefined ? Number(q(['persistentvolumeclaims', 'count/persistentvolumeclaims'])) : undefined,
    requestsStorage: text(q(['requests.storage'])),
  };
  if (quota) {
    from.push(quota);
    used.add(quota);
    const known = ['requests.cpu', 'cpu', 'requests.memory', 'memory', 'limits.memory', 'limits.cpu', 'pods', 'count/pods', 'services', 'count/services',
      'configmaps', 'count/configmaps', 'secrets', 'count/secrets', 'persistentvolumeclaims', 'count/persistentvolumeclaims', 'requests.storage'];
    for (const k of Object.keys(hard)) if (!known.includes(k)) differences.push(`ResourceQuota/${nameOf(quota)}: the hard limit ${k} is dropped (QuotaNamespace does not set it)`);
    if (nameOf(quota) !== 'quota') differences.push(`ResourceQuota/${nameOf(quota)} is named "quota" by QuotaNamespace`);
  } else {
    differences.push(`${where}: the input has no ResourceQuota; QuotaNamespace needs one`);
  }
  if (nsObject) used.add(nsObject);
  const props: Record<string, Value> = { name: ns, quota: quotaProps };
  const lr = objects.find((o) => o.kind === 'LimitRange' && namespaceOf(o) === ns);
  const item = (Array.isArray(getIn(lr, ['spec', 'limits'])) ? getIn(lr, ['spec', 'limits']) as unknown[] : []).find((l) => isRecord(l) && l.type === 'Container') as Record<string, any> | undefined;
  if (lr && item) {
    used.add(lr);
    from.push(lr);
    const pair = (x: unknown) => (isRecord(x) ? Object.fromEntries(['cpu', 'memory'].filter((r) => x[r] !== undefined).map((r) => [r, String(x[r])])) : undefined);
    props.containerLimits = { defaultRequest: pair(item.defaultRequest) ?? {}, default: pair(item.default) ?? {}, max: pair(item.max) };
    if (nameOf(lr) !== 'container-limits') differences.push(`LimitRange/${nameOf(lr)} is named "container-limits" by QuotaNamespace`);
  } else {
    differences.push(`${where}: QuotaNamespace adds a LimitRange (defaultRequest 100m/128Mi, default memory 256Mi)`);
  }
  const deny = objects.find((o) => o.kind === 'NetworkPolicy' && namespaceOf(o) === ns && isRecord(getIn(o, ['spec', 'podSelector']))
    && Object.keys(getIn(o, ['spec', 'podSelector'])).length === 0);
  if (deny) {
    used.add(deny);
    from.push(deny);
    const dnsOnly = JSON.stringify(getIn(deny, ['spec', 'egress'])) === JSON.stringify([{ ports: [{ port: 53, protocol: 'UDP' }, { port: 53, protocol: 'TCP' }] }]);
    if (nameOf(deny) !== 'default-deny' || !dnsOnly || getIn(deny, ['spec', 'ingress']) !== undefined) {
      differences.push(`NetworkPolicy/${nameOf(deny)} is replaced by QuotaNamespace's default-deny (no ingress, DNS out only)`);
    }
  } else {
    differences.push(`${where}: QuotaNamespace adds a default-deny NetworkPolicy (DNS out only)`);
  }
  const labels = getIn(nsObject, ['metadata', 'labels']);
  if (isRecord(labels)) {
    const own = Object.fromEntries(Object.entries(labels).filter(([k]) => !k.startsWith('pod-security.kubernetes.io/') && k !== 'kubernetes.io/metadata.name'));
    if (Object.keys(own).length) props.labels = own as Record<string, string>;
  }
  return { varName: ident(`ns-${ns}`), construct: 'QuotaNamespace', id: ns, scope: 'chart', props, from, suppressions: [] };
}

/** The objects of a namespace that belong to a workload: its Services, PDBs, NetworkPolicies, HPA, ServiceAccount. */
function related(obj: K8sObject, objects: readonly K8sObject[]) {
  const ns = namespaceOf(obj);
  const labels = podLabelsOf(obj);
  const inNs = objects.filter((o) => namespaceOf(o) === ns);
  const services = inNs.filter((o) => o.kind === 'Service' && isRecord(getIn(o, ['spec', 'selector'])) && Object.keys(getIn(o, ['spec', 'selector'])).length > 0
    && mapSelectorMatches(getIn(o, ['spec', 'selector']), labels));
  const pdbs = inNs.filter((o) => o.kind === 'PodDisruptionBudget' && selectorMatches(getIn(o, ['spec', 'selector']), labels));
  const policies = inNs.filter((o) => o.kind === 'NetworkPolicy' && isRecord(getIn(o, ['spec', 'podSelector']))
    && Object.keys(getIn(o, ['spec', 'podSelector'])).length > 0 && selectorMatches(getIn(o, ['spec', 'podSelector']), labels));
  const hpa = inNs.find((o) => o.kind === 'HorizontalPodAutoscaler' && getIn(o, ['spec', 'scaleTargetRef', 'kind']) === obj.kind
    && getIn(o, ['spec', 'scaleTargetRef', 'name']) === nameOf(obj));
  const saName = getIn(podTemplateOf(obj)?.spec, ['serviceAccountName']);
  const sa = typeof saName === 'string' ? inNs.find((o) => o.kind === 'ServiceAccount' && nameOf(o) === saName) : undefined;
  return { services, pdbs, policies, hpa, sa, inNs };
}

function workloadUnit(obj: K8sObject, scope: string, objects: readonly K8sObject[], used: Set<K8sObject>, differences: string[],
  proxyDefaults: { port: number; image: string }): Unit | string {
  const pod = podTemplateOf(obj);
  if (!pod) return `${obj.kind} has no pod template`;
  const restart = pod.spec.restartPolicy;
  const batch = obj.kind === 'Job' || obj.kind === 'CronJob' || (obj.kind === 'Pod' && (restart === 'Never' || restart === 'OnFailure'));
  const construct = obj.kind === 'StatefulSet' ? 'ProductionStatefulSet' : obj.kind === 'DaemonSet' ? 'ProductionDaemonSet'
    : obj.kind === 'CronJob' ? 'BoundedCronJob' : batch ? 'BoundedJob' : 'ProductionDeployment';
  const defaultComponent = ({ ProductionStatefulSet: 'database', ProductionDaemonSet: 'agent', BoundedCronJob: 'cronjob', BoundedJob: 'job' } as Record<string, string>)[construct] ?? 'server';
  const p = podProps(obj, pod, { server: !batch, defaultComponent });
  if (p.gaps.length) return p.gaps.join('; ');
  const where = `${obj.kind}/${nameOf(obj)}`;
  const rel = related(obj, objects);
  const from: K8sObject[] = [obj];
  const take = (o: K8sObject | undefined) => {
    if (o && !used.has(o)) {
      used.add(o);
      from.push(o);
    }
  };
  used.add(obj);
  const props: Record<string, Value> = { ...p.props };
  const suppressions: Unit['suppressions'] = [];
  const differencesHere = p.notes;
  if (obj.kind === 'Pod') differencesHere.push(`${where}: a bare Pod becomes a ${batch ? 'Job' : 'Deployment'} (pattern 3)`);
  take(rel.sa);
  if (rel.sa === undefined && typeof pod.spec.serviceAccountName === 'string') differencesHere.push(`${where}: runs as ServiceAccount ${pod.spec.serviceAccountName} in the input; the construct makes its own`);

  const proxied = p.proxy ? String(getIn(obj, [...pod.metadataPath, 'annotations', PROXIED_PORT_ANNOTATION])) : undefined;
  const net = networkProps(rel.policies, where, p.portNames, proxied);
  rel.policies.forEach(take);
  if (!batch) {
    // The Services: the construct's own (ClusterIP, the declared ports); their ports give servicePort.
    const ports = Array.isArray(props.ports) ? props.ports as Array<Record<string, Value>> : [];
    for (const svc of rel.services) {
      if (obj.kind === 'StatefulSet' && getIn(svc, ['spec', 'clusterIP']) === 'None') {
        take(svc);
        if (getIn(svc, ['spec', 'publishNotReadyAddresses']) === true) props.publishNotReadyAddresses = true;
        if (nameOf(svc) !== `${nameOf(obj)}-headless`) differencesHere.push(`Service/${nameOf(svc)}: the headless Service is named ${nameOf(obj)}-headless by the construct`);
        continue;
      }
      take(svc);
      const type = getIn(svc, ['spec', 'type']);
      if (type && type !== 'ClusterIP') differencesHere.push(`Service/${nameOf(svc)} was ${type}; the construct's Service is ClusterIP (expose it through an Ingress or Gateway)`);
      if (nameOf(svc) !== nameOf(obj)) differencesHere.push(`Service/${nameOf(svc)} is named ${nameOf(obj)} by the construct`);
      for (const sp of Array.isArray(getIn(svc, ['spec', 'ports'])) ? getIn(svc, ['spec', 'ports']) as Array<Record<string, any>> : []) {
        const target = sp.targetPort ?? sp.port;
        const portName = typeof target === 'string' && !/^\d+$/.test(target) ? target : p.portNames.get(Number(target));
        const port = ports.find((x) => x.name === portName) ?? (p.proxy && target === 'proxy' ? ports.find((x) => x.name === getIn(obj, [...pod.metadataPath, 'annotations', PROXIED_PORT_ANNOTATION])) : undefined);
        if (port && typeof sp.port === 'number' && sp.port !== port.port) (port as Record<string, Value>).servicePort = sp.port;
      }
    }
    if (rel.services.length === 0 && ports.length) differencesHere.push(`${where}: the construct adds a Service for its ports`);
    for (const pdb of rel.pdbs) {
      take(pdb);
      if (getIn(pdb, ['spec', 'maxUnavailable']) !== 1) differencesHere.push(`PodDisruptionBudget/${nameOf(pdb)} is replaced by the construct's (maxUnavailable 1)`);
    }
    differencesHere.push(...net.notes);
    if (rel.policies.length === 0) {
      props.ingressFrom = new Decision('network-policy-coverage', `no NetworkPolicy selects ${where}, so anything may reach it today; who may connect to its ports?`);
    } else if (net.ingressFrom !== undefined) {
      props.ingressFrom = net.ingressFrom;
    }
    if (p.proxy) {
      const found = proxyConfigOf(obj, pod, rel.inNs);
      if (found) {
        take(found.map);
        Object.assign(props, proxyProps(found.conf, p.proxy, String(getIn(obj, [...pod.metadataPath, 'annotations', PROXIED_PORT_ANNOTATION])), proxyDefaults));
      } else {
        return `${where}: its proxy sidecar has no nginx.conf to read`;
      }
    }
  }
  if (rel.policies.length === 0) {
    props.egress = new Decision('network-policy-coverage', `no NetworkPolicy selects ${where}, so its pods may connect anywhere today; where do they connect (DNS is always allowed)?`);
  } else if (net.egress !== undefined) {
    props.egress = net.egress;
  }

  // Configuration (ConfiguredApp): the ConfigMap of files, the one of settings, Secrets by reference.
  const cmData = (name: string) => rel.inNs.find((o) => o.kind === 'ConfigMap' && nameOf(o) === name);
  let configured = false;
  if (p.config.files) {
    const cm = cmData(p.config.files.name);
    if (!cm || !isRecord(getIn(cm, ['data']))) return `${where}: mounts ConfigMap ${p.config.files.name}, which is not in the input`;
    take(cm);
    // Content that looks like a secret is never copied into the code.
    props.configFiles = Object.entries(getIn(cm, ['data']) as Record<string, string>).map(([k, v]) => (secretLikeContent(String(v)) === undefined
      ? new Code(`ConfigFile.inline(${str(k)}, ${str(String(v))})`)
      : new Decision('configmap-secret-content', `${where}: the file ${k} of ConfigMap/${nameOf(cm)} holds a secret; move it into a Secret and reference it in secrets`)));
    props.configPath = p.config.files.mountPath;
    configured = true;
  }
  if (p.config.settings) {
    const cm = cmData(p.config.settings.name);
    if (!cm || !isRecord(getIn(cm, ['data']))) return `${where}: takes settings from a ConfigMap that is not in the input`;
    take(cm);
    props.settings = { ...(getIn(cm, ['data']) as Record<string, string>) };
    configured = true;
  }
  if (p.config.secrets.length) {
    const suppressed = suppressionsOf({ metadata: getIn(obj, pod.metadataPath) });
    props.secrets = p.config.secrets.map((s) => ({
      name: s.name,
      ...(s.mountPath ? { mountPath: s.mountPath } : {}),
      ...(Object.keys(s.variables).length ? {
        env: {
          variables: s.variables,
          reason: suppressed.get('secret-env-var') ?? new Decision('secret-env-var', `${where} reads Secret ${s.name} from environment variables; say why it cannot read the mounted files`),
        },
      } : {}),
    }));
    configured = true;
  }
  const finalConstruct = configured ? (construct === 'ProductionDeployment' ? 'ConfiguredApp' : construct) : construct;
  if (configured && finalConstruct !== 'ConfiguredApp') return `${where}: its pods read ConfigMaps or Secrets, which only ConfiguredApp (a Deployment) maps`;
  const hashed = (n: unknown) => typeof n === 'string' && new RegExp(`^${nameOf(obj)}-(config|settings)-[0-9a-f]{10}$`).test(n);
  const mapNames = [p.config.files?.name, p.config.settings?.name].filter((n) => n !== undefined);
  if (configured && !mapNames.every(hashed)) differencesHere.push(`${where}: its ConfigMaps get content-hashed names (a change rolls the pods)`);

  const spec = getIn(obj, ['spec']) ?? {};
  const objSuppressed = suppressionsOf(obj);
  switch (obj.kind) {
    case 'Deployment': case 'Pod': {
      if (rel.hpa) {
        take(rel.hpa);
        const metric = (getIn(rel.hpa, ['spec', 'metrics']) ?? []).find((m: any) => m?.resource?.name === 'cpu');
        const min = getIn(rel.hpa, ['spec', 'minReplicas']);
        const utilization = metric?.resource?.target?.averageUtilization;
        props.autoscaling = {
          minReplicas: typeof min === 'number' && min >= 2 ? min : new Decision('hpa-min-replicas', `the HorizontalPodAutoscaler of ${where} may scale to ${min ?? 1} pod; at least 2`),
          maxReplicas: getIn(rel.hpa, ['spec', 'maxReplicas']),
          ...(utilization !== undefined && utilization !== 70 ? { cpuUtilization: utilization } : {}),
        };
      } else {
        const n = obj.kind === 'Pod' ? 1 : typeof spec.replicas === 'number' ? spec.replicas : 1;
        props.replicas = n;
        if (n < 2) suppressions.push({ rule: 'minimum-replicas', reason: objSuppressed.get('minimum-replicas') ?? new Decision('minimum-replicas', `${where} runs ${n} pod; raise replicas to 2 or more, or say why one is enough`) });
      }
      const surge = getIn(spec, ['strategy', 'rollingUpdate', 'maxSurge']);
      if (surge !== undefined && surge !== '25%' && surge !== 0 && surge !== '0%') props.maxSurge = surge;
      const zone = (pod.spec.topologySpreadConstraints ?? []).some((t: any) => t?.topologyKey === 'topology.kubernetes.io/zone');
      if (!zone && pod.spec.topologySpreadConstraints !== undefined) props.zoneSpread = false;
      break;
    }
    case 'StatefulSet': {
      const n = typeof spec.replicas === 'number' ? spec.replicas : 1;
      props.replicas = n;
      if (n < 2) suppressions.push({ rule: 'minimum-replicas', reason: objSuppressed.get('minimum-replicas') ?? new Decision('minimum-replicas', `${where} runs ${n} pod; raise replicas to 2 or more, or say why one is enough`) });
      if (spec.podManagementPolicy === 'Parallel') props.podManagementPolicy = 'Parallel';
      const mu = getIn(spec, ['updateStrategy', 'rollingUpdate', 'maxUnavailable']);
      if (typeof mu === 'number' && mu !== 1) props.maxUnavailable = mu;
      if (typeof spec.minReadySeconds === 'number' && spec.minReadySeconds !== 10) props.minReady = durationCode(spec.minReadySeconds);
      else if (spec.minReadySeconds === undefined) props.minReady = durationCode(0);
      const mounts = new Map<string, string>((pod.spec.containers?.[0]?.volumeMounts ?? []).map((m: any) => [m?.name, m?.mountPath]));
      props.volumeClaims = (Array.isArray(spec.volumeClaimTemplates) ? spec.volumeClaimTemplates : []).map((t: any) => {
        const name = String(t?.metadata?.name);
        const size = getIn(t, ['spec', 'resources', 'requests', 'storage']);
        const cls = getIn(t, ['spec', 'storageClassName']);
        const mode = getIn(t, ['spec', 'accessModes', 0]);
        return {
          name,
          mountPath: mounts.get(name) ?? new Decision('statefulset-volume-claim-template', `${where}: the claim ${name} is not mounted; where should the container mount it?`),
          size: size !== undefined ? String(size) : new Decision('statefulset-volume-claim-template', `${where}: the claim ${name} requests no storage size`),
          storageClass: typeof cls === 'string' && cls !== '' ? cls : new Decision('statefulset-volume-claim-template', `${where}: the claim ${name} names no StorageClass`),
          ...(mode === 'ReadWriteOncePod' ? { accessMode: mode } : {}),
        };
      });
      const r = spec.persistentVolumeClaimRetentionPolicy ?? {};
      props.claimRetention = { whenDeleted: r.whenDeleted ?? 'Retain', whenScaled: r.whenScaled ?? 'Retain' };
      if (spec.updateStrategy?.type === 'OnDelete') differencesHere.push(`${where}: OnDelete becomes a rolling update`);
      const zone = (pod.spec.topologySpreadConstraints ?? []).some((t: any) => t?.topologyKey === 'topology.kubernetes.io/zone');
      if (!zone && pod.spec.topologySpreadConstraints !== undefined) props.zoneSpread = false;
      break;
    }
    case 'DaemonSet': {
      const sel = { ...(isRecord(pod.spec.nodeSelector) ? pod.spec.nodeSelector : {}) };
      delete sel['kubernetes.io/os'];
      props.nodeSelector = sel as Record<string, string>;
      props.tolerations = (Array.isArray(pod.spec.tolerations) ? pod.spec.tolerations : []).map((t: any) => (typeof t?.key === 'string' && t.key !== ''
        ? {
          key: t.key, ...(t.operator ? { operator: t.operator } : {}), ...(t.value !== undefined ? { value: t.value } : {}),
          ...(t.effect ? { effect: t.effect } : {}),
        }
        : new Decision('tolerations', `${where} tolerates every taint; name the taints it runs on`)));
      props.priorityClassName = typeof pod.spec.priorityClassName === 'string' ? pod.spec.priorityClassName : false;
      const nodes = getIn(obj, ['metadata', 'annotations', NODE_COUNT_ANNOTATION]);
      props.nodeCount = typeof nodes === 'string' && /^\d+$/.test(nodes) ? Number(nodes)
        : new Decision('namespace-quota-fit', `${where} runs a pod on every node it selects; on how many nodes at most (for the quota)?`);
      const surge = getIn(spec, ['updateStrategy', 'rollingUpdate', 'maxSurge']);
      if (surge !== undefined && surge !== 1 && surge !== 0 && surge !== '0%') props.maxSurge = surge;
      if (typeof spec.minReadySeconds === 'number' && spec.minReadySeconds !== 10) props.minReady = durationCode(spec.minReadySeconds);
      else if (spec.minReadySeconds === undefined) props.minReady = durationCode(0);
      break;
    }
    default:
      Object.assign(props, jobProps(obj, where));
  }
  differences.push(...differencesHere);
  const ordered = orderProps(props, finalConstruct);
  return { construct: finalConstruct, id: nameOf(obj), scope, props: ordered, from, suppressions };
}

function jobProps(obj: K8sObject, where: string): Record<string, Value> {
  const cron = obj.kind === 'CronJob';
  const job = cron ? getIn(obj, ['spec', 'jobTemplate', 'spec']) ?? {} : getIn(obj, ['spec']) ?? {};
  const out: Record<string, Value> = {};
  if (cron) {
    const spec = getIn(obj, ['spec']);
    out.schedule = typeof spec.schedule === 'string' ? spec.schedule : new Decision('cronjob-schedule', `${where} has no schedule`);
    if (typeof spec.timeZone === 'string') out.timeZone = spec.timeZone;
    const policy = spec.concurrencyPolicy;
    if (policy === 'Replace') out.concurrencyPolicy = 'Replace';
    else if (policy !== 'Forbid') out.concurrencyPolicy = new Decision('cronjob-concurrency-policy', `${where} lets runs pile up (concurrencyPolicy ${policy ?? 'Allow'}); "Forbid" or "Replace"?`);
    if (typeof spec.startingDeadlineSeconds === 'number') out.startingDeadline = durationCode(spec.startingDeadlineSeconds);
    if (typeof spec.successfulJobsHistoryLimit === 'number' && spec.successfulJobsHistoryLimit !== 3) out.successfulJobsHistoryLimit = spec.successfulJobsHistoryLimit;
    if (typeof spec.failedJobsHistoryLimit === 'number' && spec.failedJobsHistoryLimit !== 3) out.failedJobsHistoryLimit = spec.failedJobsHistoryLimit;
  }
  const deadline = job.activeDeadlineSeconds;
  out.activeDeadline = typeof deadline === 'number' ? durationCode(deadline)
    : new Decision('job-active-deadline', `${where} has no deadline, so a failing run can go on forever (pattern 9); the most a run may take`);
  if (typeof job.backoffLimit === 'number') out.backoffLimit = job.backoffLimit;
  else if (obj.kind !== 'Pod') out.backoffLimit = new Decision('job-backoff-limit', `${where} retries 6 times (the API's default); how many retries?`);
  const restart = getIn(podTemplateOf(obj)?.spec, ['restartPolicy']);
  if (restart === 'OnFailure') out.restartPolicy = 'OnFailure';
  if (typeof job.parallelism === 'number' && job.parallelism !== 1) out.parallelism = job.parallelism;
  if (typeof job.completions === 'number' && job.completions !== 1) out.completions = job.completions;
  if (!cron && typeof job.ttlSecondsAfterFinished === 'number' && job.ttlSecondsAfterFinished !== 86400) out.ttlAfterFinished = durationCode(job.ttlSecondsAfterFinished);
  const codes = (getIn(job, ['podFailurePolicy', 'rules']) ?? []).flatMap((r: any) => (r?.action === 'FailJob' && r?.onExitCodes?.operator === 'In' ? r.onExitCodes.values : []));
  if (codes.length) out.nonRetriableExitCodes = codes;
  return out;
}

const ORDER = ['name', 'image', 'command', 'args', 'env', 'resources', 'podSecurity', 'imageInit', 'ports', 'liveness', 'readiness', 'startup',
  'replicas', 'autoscaling', 'maxSurge', 'terminationGracePeriod', 'preStopDelay', 'configFiles', 'configPath', 'settings', 'secrets'];

function orderProps(props: Record<string, Value>, _construct: string): Record<string, Value> {
  const rank = (k: string) => (ORDER.includes(k) ? ORDER.indexOf(k) : ORDER.length);
  const keys = Object.keys(props).sort((a, b) => rank(a) - rank(b));
  return Object.fromEntries(keys.filter((k) => props[k] !== undefined).map((k) => [k, props[k]]));
}

/** The summary as Markdown, for a pull request or a terminal. */
export function formatImportSummary(s: ImportSummary): string {
  const out: string[] = ['# Import summary', ''];
  out.push(`## Mapped (${s.mapped.length})`, '', ...s.mapped.map((m) => `- ${m.construct} "${m.id}": ${m.from.join(', ')}`), '');
  out.push(`## Kept raw (${s.raw.length})`, '', ...s.raw.map((r) => `- ${r.object}: ${r.why}`), '');
  out.push(`## Needs a decision (${s.decisions.length})`, '', ...s.decisions.map((d) => `- ${d.rule}: ${d.why}`), '');
  out.push(`## Differences from the input (${s.differences.length})`, '', ...s.differences.map((d) => `- ${d}`), '');
  out.push(`## Findings of check on the input (${s.findings.length})`, '',
    ...s.findings.map((f) => `- [${f.disposition}] ${f.rule} at ${f.path} of ${f.object}: ${f.message}`), '');
  return out.join('\n');
}
