import * as fs from 'fs';
import * as path from 'path';
import { k8s } from 'cdk8s-plus-28';
import * as models from 'kubernetes-models';
import * as ts from 'typescript';

/*
 * Schema validation of the objects we emit, in three layers, each reporting the path of the
 * offending field:
 *
 * 1. The Kubernetes OpenAPI schema, through kubernetes-models 4.5 (types, required fields,
 *    enums, formats such as quantities). kubernetes-models targets a recent Kubernetes and
 *    accepts fields it does not know, so it alone cannot tell a 1.28 cluster's view.
 * 2. The Kubernetes 1.28 field inventory: every field must exist in the 1.28 API, as
 *    cdk8s-plus-28's generated `k8s` module (imported from the 1.28 OpenAPI document) declares
 *    it. A field added after 1.28, or a typo, is reported. Our floor is 1.28.
 * 3. What the API server validates beyond the OpenAPI document (names, label syntax, port and
 *    volume references), the checks whose failure `kubectl apply` would report and no schema
 *    tool sees; each one cites the Kubernetes validation it mirrors.
 *
 * Istio's DestinationRule and VirtualService (custom resources, not in kubernetes-models) are
 * checked by hand against the fields we emit, plus layer 3.
 */

export interface SchemaProblem {
  /** Dotted field path: `spec.template.spec.containers[0].image`; `` for the object itself. */
  readonly path: string;
  readonly message: string;
}

export class SchemaError extends Error {
  constructor(public readonly object: string, public readonly problems: readonly SchemaProblem[]) {
    super(`${object} is not a valid Kubernetes 1.28 object: ${problems.map((p) => `${p.path || '<object>'}: ${p.message}`).join('; ')}`);
    this.name = 'SchemaError';
  }
}

type AnyObject = Record<string, any>;

// ---------------------------------------------------------------------------------------------
// 1. kubernetes-models

interface ModelClass {
  new(data: unknown): { validate(): void };
  readonly apiVersion: string;
  readonly kind: string;
}

let MODELS: Map<string, ModelClass> | undefined;

/** Every model class of kubernetes-models, by `apiVersion/kind`. */
function modelsByType(): Map<string, ModelClass> {
  if (MODELS) return MODELS;
  const found = new Map<string, ModelClass>();
  const walk = (ns: unknown, depth: number) => {
    if (ns === null || typeof ns !== 'object' || depth > 3) return;
    for (const value of Object.values(ns as AnyObject)) {
      if (typeof value === 'function' && typeof value.apiVersion === 'string' && typeof value.kind === 'string') {
        found.set(`${value.apiVersion}/${value.kind}`, value as ModelClass);
      } else if (value !== null && typeof value === 'object') {
        walk(value, depth + 1);
      }
    }
  };
  walk(models, 0);
  MODELS = found;
  return found;
}

/** `/spec/template/spec/containers/0/image` → `spec.template.spec.containers[0].image`. */
function dotted(pointer: string): string {
  return pointer.split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((acc, seg) => (/^\d+$/.test(seg) ? `${acc}[${seg}]` : acc ? `${acc}.${seg}` : seg), '');
}

// kubernetes-models 4.5 no longer has the v1beta1 ValidatingAdmissionPolicy, whose form v1 kept:
// its objects are validated with v1's schema (and, in layer 2, field by field against 1.28's v1beta1).
const SCHEMA_OF: Record<string, string> = {
  'admissionregistration.k8s.io/v1beta1/ValidatingAdmissionPolicy': 'admissionregistration.k8s.io/v1/ValidatingAdmissionPolicy',
  'admissionregistration.k8s.io/v1beta1/ValidatingAdmissionPolicyBinding': 'admissionregistration.k8s.io/v1/ValidatingAdmissionPolicyBinding',
};

function openApiProblems(obj: AnyObject): SchemaProblem[] {
  const type = `${obj.apiVersion}/${obj.kind}`;
  const Model = modelsByType().get(SCHEMA_OF[type] ?? type);
  if (!Model) return [{ path: 'kind', message: `kubernetes-models has no schema for apiVersion "${obj.apiVersion}", kind "${obj.kind}"` }];
  try {
    new Model(SCHEMA_OF[type] ? { ...obj, apiVersion: Model.apiVersion } : obj).validate();
    return [];
  } catch (e) {
    const errors = (e as { errors?: Array<{ instancePath: string; message?: string; params?: AnyObject }> }).errors;
    if (!Array.isArray(errors)) return [{ path: '', message: (e as Error).message }];
    return errors.map((err) => {
      const missing = err.params?.missingProperty;
      const p = dotted(err.instancePath);
      return missing !== undefined
        ? { path: p ? `${p}.${missing}` : String(missing), message: 'is required' }
        : { path: p, message: `${err.message ?? 'is invalid'}${err.params?.allowedValues ? ` (${JSON.stringify(err.params.allowedValues)})` : ''}` };
    });
  }
}

// ---------------------------------------------------------------------------------------------
// 2. The 1.28 field inventory, from cdk8s-plus-28's generated k8s module

type FieldType =
  | { kind: 'object'; name: string }
  | { kind: 'array'; of: FieldType }
  | { kind: 'map'; of: FieldType }
  | { kind: 'leaf' };

interface Inventory {
  /** Interface name → field name → type. */
  readonly interfaces: Map<string, Map<string, FieldType>>;
  /** `apiVersion/kind` → the props interface of its top-level object. */
  readonly kinds: Map<string, string>;
}

let INVENTORY: Inventory | undefined;

function k8sDeclarations(): string {
  const pkg = path.dirname(require.resolve('cdk8s-plus-28/package.json'));
  return fs.readFileSync(path.join(pkg, 'lib', 'imports', 'k8s.d.ts'), 'utf8');
}

function fieldType(node: ts.TypeNode | undefined, known: Set<string>): FieldType {
  if (!node) return { kind: 'leaf' };
  if (ts.isArrayTypeNode(node)) return { kind: 'array', of: fieldType(node.elementType, known) };
  if (ts.isTypeLiteralNode(node)) {
    const index = node.members.find(ts.isIndexSignatureDeclaration);
    return index ? { kind: 'map', of: fieldType(index.type, known) } : { kind: 'leaf' };
  }
  if (ts.isTypeReferenceNode(node) && ts.isIdentifier(node.typeName) && known.has(node.typeName.text)) {
    return { kind: 'object', name: node.typeName.text };
  }
  // string, number, boolean, any, Date, IntOrString, Quantity, enums: no fields below.
  return { kind: 'leaf' };
}

/**
 * The JSON names of the fields cdk8s renames (its `clusterIp` is the API's `clusterIP`), per
 * interface, from the `toJson_<Interface>` functions of cdk8s-plus-28's generated module.
 */
function jsonNames(): Map<string, Map<string, string>> {
  const pkg = path.dirname(require.resolve('cdk8s-plus-28/package.json'));
  const js = fs.readFileSync(path.join(pkg, 'lib', 'imports', 'k8s.js'), 'utf8');
  const out = new Map<string, Map<string, string>>();
  for (const m of js.matchAll(/function toJson_(\w+)\(obj\) \{([\s\S]*?)\n\}/g)) {
    const renames = new Map<string, string>();
    for (const f of m[2].matchAll(/'([^']+)': obj\.(\w+)/g)) if (f[1] !== f[2]) renames.set(f[2], f[1]);
    if (renames.size) out.set(m[1], renames);
  }
  return out;
}

/** The interfaces of the 1.28 API and the top-level props interface of each kind. */
export function inventory128(): Inventory {
  if (INVENTORY) return INVENTORY;
  const renamed = jsonNames();
  const source = ts.createSourceFile('k8s.d.ts', k8sDeclarations(), ts.ScriptTarget.ES2022, false);
  const decls = source.statements.filter(ts.isInterfaceDeclaration);
  const known = new Set(decls.map((d) => d.name.text));
  const interfaces = new Map<string, Map<string, FieldType>>();
  for (const d of decls) {
    const fields = new Map<string, FieldType>();
    const renames = renamed.get(d.name.text);
    for (const m of d.members) {
      if (ts.isPropertySignature(m) && (ts.isIdentifier(m.name) || ts.isStringLiteral(m.name))) {
        fields.set(renames?.get(m.name.text) ?? m.name.text, fieldType(m.type, known));
      }
    }
    interfaces.set(d.name.text, fields);
  }
  const kinds = new Map<string, string>();
  for (const [className, cls] of Object.entries(k8s)) {
    const gvk = (cls as { GVK?: { apiVersion: string; kind: string } }).GVK;
    if (gvk && interfaces.has(`${className}Props`)) kinds.set(`${gvk.apiVersion}/${gvk.kind}`, `${className}Props`);
  }
  INVENTORY = { interfaces, kinds };
  return INVENTORY;
}

function fieldProblems(obj: AnyObject): SchemaProblem[] {
  const inv = inventory128();
  const top = inv.kinds.get(`${obj.apiVersion}/${obj.kind}`);
  if (!top) return [{ path: 'kind', message: `Kubernetes 1.28 has no ${obj.kind} in ${obj.apiVersion}` }];
  const problems: SchemaProblem[] = [];
  const visit = (value: unknown, type: FieldType, at: string) => {
    if (value === null || value === undefined) return;
    switch (type.kind) {
      case 'leaf':
        return;
      case 'array':
        if (Array.isArray(value)) value.forEach((v, i) => visit(v, type.of, `${at}[${i}]`));
        return;
      case 'map':
        if (typeof value === 'object' && !Array.isArray(value)) {
          for (const [k, v] of Object.entries(value)) visit(v, type.of, at ? `${at}[${JSON.stringify(k)}]` : k);
        }
        return;
      case 'object': {
        if (typeof value !== 'object' || Array.isArray(value)) return;
        const fields = inv.interfaces.get(type.name)!;
        for (const [k, v] of Object.entries(value)) {
          const p = at ? `${at}.${k}` : k;
          const ft = fields.get(k);
          if (ft === undefined) {
            if (!at && (k === 'apiVersion' || k === 'kind')) continue;
            problems.push({ path: p, message: `is not a field of ${type.name.replace(/^Kube(.*)Props$/, '$1')} in Kubernetes 1.28` });
            continue;
          }
          visit(v, ft, p);
        }
      }
    }
  };
  visit(obj, { kind: 'object', name: top }, '');
  return problems;
}

// ---------------------------------------------------------------------------------------------
// 3. What the API server checks beyond the OpenAPI document

/** k8s.io/apimachinery/pkg/util/validation: IsDNS1123Label. */
const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
/** IsDNS1123Subdomain. */
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
/** IsDNS1035Label (Service names). */
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
/** IsQualifiedName's name part. */
const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
/** IsValidLabelValue. */
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
/** IsValidPortName (IANA_SVC_NAME). */
const PORT_NAME = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;
/** IsConfigMapKey. */
const CONFIGMAP_KEY = /^[-._a-zA-Z0-9]+$/;
/** IsEnvVarName (1.28: letters, digits, '_', '-', '.', not starting with a digit). */
const ENV_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;
/** Kinds whose names are DNS-1123 labels rather than subdomains (validation.ValidateNamespaceName, ...). */
const LABEL_NAMED = new Set(['Namespace']);
/** The annotations of one object may hold at most 256 KiB (TotalAnnotationSizeLimitB). */
const ANNOTATIONS_MAX = 256 * 1024;
const CLUSTER_SCOPED = new Set(['Namespace', 'ClusterRole', 'ClusterRoleBinding', 'PersistentVolume', 'StorageClass',
  'CustomResourceDefinition', 'PriorityClass', 'ValidatingWebhookConfiguration', 'MutatingWebhookConfiguration', 'IngressClass', 'RuntimeClass']);

function qualifiedNameProblem(key: string): string | undefined {
  const parts = key.split('/');
  if (parts.length > 2) return 'has more than one "/"';
  const [prefix, name] = parts.length === 2 ? parts : [undefined, parts[0]];
  if (prefix !== undefined && (prefix.length > 253 || !DNS1123_SUBDOMAIN.test(prefix))) return `has a prefix ${JSON.stringify(prefix)} that is not a DNS-1123 subdomain`;
  if (name.length === 0 || name.length > 63 || !QUALIFIED_NAME.test(name)) return `has a name part ${JSON.stringify(name)} that is not a qualified name (at most 63 alphanumerics, '-', '_', '.')`;
  return undefined;
}

function labelProblems(labels: unknown, at: string, out: SchemaProblem[]): void {
  if (labels === undefined || labels === null || typeof labels !== 'object') return;
  for (const [k, v] of Object.entries(labels)) {
    const p = `${at}[${JSON.stringify(k)}]`;
    const keyProblem = qualifiedNameProblem(k);
    if (keyProblem) out.push({ path: p, message: `label key ${keyProblem}` });
    if (typeof v !== 'string' || v.length > 63 || !LABEL_VALUE.test(v)) out.push({ path: p, message: `label value ${JSON.stringify(v)} is not valid (at most 63 alphanumerics, '-', '_', '.', starting and ending with an alphanumeric)` });
  }
}

function metadataProblems(meta: AnyObject | undefined, kind: string, at: string, out: SchemaProblem[], top: boolean): void {
  if (!meta || typeof meta !== 'object') {
    if (top) out.push({ path: `${at}metadata`, message: 'is required' });
    return;
  }
  if (top) {
    const name = meta.name;
    const max = kind === 'CronJob' ? 52 : LABEL_NAMED.has(kind) || kind === 'Service' ? 63 : 253;
    const pattern = kind === 'Service' ? DNS1035_LABEL : LABEL_NAMED.has(kind) ? DNS1123_LABEL : DNS1123_SUBDOMAIN;
    if (typeof name !== 'string' || name === '') {
      out.push({ path: `${at}metadata.name`, message: 'is required' });
    } else {
      if (!pattern.test(name)) out.push({ path: `${at}metadata.name`, message: `${JSON.stringify(name)} is not a ${kind === 'Service' ? 'DNS-1035 label' : LABEL_NAMED.has(kind) ? 'DNS-1123 label' : 'DNS-1123 subdomain'}` });
      // A CronJob's Jobs are named <name>-<11 characters>, so its own name may have at most 52 (ValidateCronJob).
      if (name.length > max) out.push({ path: `${at}metadata.name`, message: `${JSON.stringify(name)} has ${name.length} characters; a ${kind} name may have at most ${max}` });
    }
    if (meta.namespace !== undefined) {
      if (CLUSTER_SCOPED.has(kind)) out.push({ path: `${at}metadata.namespace`, message: `a ${kind} is cluster-scoped and has no namespace` });
      else if (typeof meta.namespace !== 'string' || meta.namespace.length > 63 || !DNS1123_LABEL.test(meta.namespace)) out.push({ path: `${at}metadata.namespace`, message: `${JSON.stringify(meta.namespace)} is not a DNS-1123 label` });
    }
  }
  labelProblems(meta.labels, `${at}metadata.labels`, out);
  if (meta.annotations && typeof meta.annotations === 'object') {
    let size = 0;
    for (const [k, v] of Object.entries(meta.annotations)) {
      const keyProblem = qualifiedNameProblem(k);
      if (keyProblem) out.push({ path: `${at}metadata.annotations[${JSON.stringify(k)}]`, message: `annotation key ${keyProblem}` });
      size += Buffer.byteLength(k) + Buffer.byteLength(String(v));
    }
    if (size > ANNOTATIONS_MAX) out.push({ path: `${at}metadata.annotations`, message: `hold ${size} bytes; at most ${ANNOTATIONS_MAX}` });
  }
}

function selectorProblems(selector: AnyObject | undefined, at: string, out: SchemaProblem[]): void {
  if (selector && typeof selector === 'object') labelProblems(selector.matchLabels, `${at}.matchLabels`, out);
}

/** `claimed`: the volumes a StatefulSet's volumeClaimTemplates add to each pod. */
function podSpecProblems(spec: AnyObject | undefined, at: string, out: SchemaProblem[], claimed: readonly string[] = []): void {
  if (!spec || typeof spec !== 'object') return;
  const volumes = new Set<string>(claimed);
  (Array.isArray(spec.volumes) ? spec.volumes : []).forEach((v: AnyObject, i: number) => {
    const p = `${at}.volumes[${i}].name`;
    if (typeof v?.name !== 'string' || v.name.length > 63 || !DNS1123_LABEL.test(v.name)) out.push({ path: p, message: `${JSON.stringify(v?.name)} is not a DNS-1123 label` });
    else if (volumes.has(v.name)) out.push({ path: p, message: `volume "${v.name}" is declared twice` });
    volumes.add(v?.name);
    if (v?.configMap && typeof v.configMap.name !== 'string') out.push({ path: `${at}.volumes[${i}].configMap.name`, message: 'is required' });
  });
  const containerNames = new Set<string>();
  for (const field of ['initContainers', 'containers'] as const) {
    (Array.isArray(spec[field]) ? spec[field] : []).forEach((c: AnyObject, i: number) => {
      const cat = `${at}.${field}[${i}]`;
      if (typeof c?.name !== 'string' || c.name.length > 63 || !DNS1123_LABEL.test(c.name)) out.push({ path: `${cat}.name`, message: `${JSON.stringify(c?.name)} is not a DNS-1123 label` });
      else if (containerNames.has(c.name)) out.push({ path: `${cat}.name`, message: `container "${c.name}" is declared twice` });
      containerNames.add(c?.name);
      const portNames = new Set<string>();
      const portNumbers = new Set<string>();
      (Array.isArray(c?.ports) ? c.ports : []).forEach((port: AnyObject, j: number) => {
        const pat = `${cat}.ports[${j}]`;
        if (!Number.isInteger(port?.containerPort) || port.containerPort < 1 || port.containerPort > 65535) out.push({ path: `${pat}.containerPort`, message: `${JSON.stringify(port?.containerPort)} is not a port from 1 to 65535` });
        const key = `${port?.containerPort}/${port?.protocol ?? 'TCP'}`;
        if (portNumbers.has(key)) out.push({ path: `${pat}.containerPort`, message: `${key} is declared twice` });
        portNumbers.add(key);
        if (port?.name !== undefined) {
          const n = port.name;
          if (typeof n !== 'string' || n.length > 15 || !PORT_NAME.test(n) || !/[a-z]/.test(n) || n.includes('--')) out.push({ path: `${pat}.name`, message: `${JSON.stringify(n)} is not an IANA_SVC_NAME (at most 15 lower-case alphanumerics and '-', with a letter, no "--")` });
          else if (portNames.has(n)) out.push({ path: `${pat}.name`, message: `port name "${n}" is declared twice` });
          portNames.add(n);
        }
      });
      (Array.isArray(c?.env) ? c.env : []).forEach((e: AnyObject, j: number) => {
        if (typeof e?.name !== 'string' || !ENV_NAME.test(e.name)) out.push({ path: `${cat}.env[${j}].name`, message: `${JSON.stringify(e?.name)} is not a valid environment variable name` });
      });
      const mountPaths = new Set<string>();
      (Array.isArray(c?.volumeMounts) ? c.volumeMounts : []).forEach((m: AnyObject, j: number) => {
        if (!volumes.has(m?.name)) out.push({ path: `${cat}.volumeMounts[${j}].name`, message: `mounts volume ${JSON.stringify(m?.name)}, which the pod does not declare` });
        if (mountPaths.has(m?.mountPath)) out.push({ path: `${cat}.volumeMounts[${j}].mountPath`, message: `${JSON.stringify(m?.mountPath)} is mounted twice` });
        mountPaths.add(m?.mountPath);
      });
      for (const probe of ['livenessProbe', 'readinessProbe', 'startupProbe']) {
        const pr = c?.[probe];
        const named = pr?.httpGet?.port ?? pr?.tcpSocket?.port;
        if (typeof named === 'string' && !portNames.has(named)) out.push({ path: `${cat}.${probe}`, message: `refers to port "${named}", which the container does not declare` });
        if (pr?.grpc !== undefined && !Number.isInteger(pr.grpc.port)) out.push({ path: `${cat}.${probe}.grpc.port`, message: 'must be a number' });
      }
    });
  }
}

/** ValidateService: each port once per protocol, each name once, every port named when there are several. */
function servicePortProblems(ports: unknown, out: SchemaProblem[]): void {
  if (!Array.isArray(ports)) return;
  const seen = new Set<string>();
  const names = new Set<string>();
  ports.forEach((p: AnyObject, i: number) => {
    const key = `${p?.port}/${p?.protocol ?? 'TCP'}`;
    if (seen.has(key)) out.push({ path: `spec.ports[${i}]`, message: `port ${key} is declared twice` });
    seen.add(key);
    if (ports.length > 1 && (typeof p?.name !== 'string' || p.name === '')) out.push({ path: `spec.ports[${i}].name`, message: 'is required when a Service has more than one port' });
    if (typeof p?.name === 'string') {
      if (names.has(p.name)) out.push({ path: `spec.ports[${i}].name`, message: `"${p.name}" is declared twice` });
      names.add(p.name);
    }
    if (!Number.isInteger(p?.port) || p.port < 1 || p.port > 65535) out.push({ path: `spec.ports[${i}].port`, message: `${JSON.stringify(p?.port)} is not a port from 1 to 65535` });
  });
}

const IPV4_CIDR = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

/** An IPv4 CIDR as [network, prefix], or undefined when it is not one. */
function parseCidr(s: unknown): [number, number] | undefined {
  const m = typeof s === 'string' ? IPV4_CIDR.exec(s) : null;
  if (!m || m.slice(1, 5).some((o) => Number(o) > 255) || Number(m[5]) > 32) return undefined;
  const ip = m.slice(1, 5).reduce((n, o) => n * 256 + Number(o), 0);
  const prefix = Number(m[5]);
  const size = 2 ** (32 - prefix);
  return [Math.floor(ip / size) * size, prefix];
}

/** ValidateNetworkPolicyPeer: label selectors, and an ipBlock whose excepts lie strictly inside its cidr. */
function peerProblems(peer: AnyObject, at: string, out: SchemaProblem[]): void {
  if (!peer || typeof peer !== 'object') return;
  selectorProblems(peer.podSelector, `${at}.podSelector`, out);
  selectorProblems(peer.namespaceSelector, `${at}.namespaceSelector`, out);
  const block = peer.ipBlock;
  if (block && typeof block === 'object') {
    const cidr = parseCidr(block.cidr);
    if (!cidr) {
      if (typeof block.cidr !== 'string' || !block.cidr.includes(':')) out.push({ path: `${at}.ipBlock.cidr`, message: `${JSON.stringify(block.cidr)} is not a CIDR` });
      return;
    }
    (Array.isArray(block.except) ? block.except : []).forEach((e: unknown, k: number) => {
      const ex = parseCidr(e);
      const p = `${at}.ipBlock.except[${k}]`;
      if (!ex) out.push({ path: p, message: `${JSON.stringify(e)} is not a CIDR` });
      else if (ex[1] <= cidr[1] || Math.floor(ex[0] / 2 ** (32 - cidr[1])) * 2 ** (32 - cidr[1]) !== cidr[0]) out.push({ path: p, message: `${JSON.stringify(e)} is not a strict subset of ${JSON.stringify(block.cidr)}` });
    });
  }
}

function apiServerProblems(obj: AnyObject): SchemaProblem[] {
  const out: SchemaProblem[] = [];
  metadataProblems(obj.metadata, obj.kind, '', out, true);
  const spec = obj.spec as AnyObject | undefined;
  switch (obj.kind) {
    case 'Deployment':
    case 'StatefulSet':
    case 'DaemonSet':
    case 'ReplicaSet':
    case 'Job': {
      selectorProblems(spec?.selector, 'spec.selector', out);
      metadataProblems(spec?.template?.metadata, obj.kind, 'spec.template.', out, false);
      const claims = obj.kind === 'StatefulSet' && Array.isArray(spec?.volumeClaimTemplates)
        ? spec.volumeClaimTemplates.map((t: AnyObject) => t?.metadata?.name).filter((n: unknown): n is string => typeof n === 'string')
        : [];
      podSpecProblems(spec?.template?.spec, 'spec.template.spec', out, claims);
      break;
    }
    case 'CronJob':
      metadataProblems(spec?.jobTemplate?.metadata, obj.kind, 'spec.jobTemplate.', out, false);
      metadataProblems(spec?.jobTemplate?.spec?.template?.metadata, obj.kind, 'spec.jobTemplate.spec.template.', out, false);
      podSpecProblems(spec?.jobTemplate?.spec?.template?.spec, 'spec.jobTemplate.spec.template.spec', out);
      break;
    case 'Pod':
      podSpecProblems(spec, 'spec', out);
      break;
    case 'Service':
      labelProblems(spec?.selector, 'spec.selector', out);
      servicePortProblems(spec?.ports, out);
      break;
    case 'PodDisruptionBudget':
      selectorProblems(spec?.selector, 'spec.selector', out);
      break;
    case 'NetworkPolicy':
      selectorProblems(spec?.podSelector, 'spec.podSelector', out);
      for (const [field, peers] of [['ingress', 'from'], ['egress', 'to']] as const) {
        (Array.isArray(spec?.[field]) ? spec[field] : []).forEach((rule: AnyObject, i: number) => {
          (Array.isArray(rule?.[peers]) ? rule[peers] : []).forEach((peer: AnyObject, j: number) => peerProblems(peer, `spec.${field}[${i}].${peers}[${j}]`, out));
        });
      }
      break;
    case 'HorizontalPodAutoscaler':
      if (spec && Number.isInteger(spec.minReplicas) && Number.isInteger(spec.maxReplicas) && spec.minReplicas > spec.maxReplicas) {
        out.push({ path: 'spec.minReplicas', message: `${spec.minReplicas} is more than maxReplicas (${spec.maxReplicas})` });
      }
      break;
    case 'ConfigMap':
    case 'Secret':
      for (const field of ['data', 'binaryData', 'stringData']) {
        const data = obj[field];
        if (data && typeof data === 'object') {
          for (const k of Object.keys(data)) {
            if (k.length > 253 || !CONFIGMAP_KEY.test(k) || k === '.' || k === '..') out.push({ path: `${field}[${JSON.stringify(k)}]`, message: 'is not a valid key (letters, digits, \'-\', \'_\', \'.\')' });
          }
        }
      }
      if (obj.kind === 'ConfigMap') {
        const size = ['data', 'binaryData'].reduce((n, f) => n + Object.entries(obj[f] ?? {}).reduce((m, [k, v]) => m + Buffer.byteLength(k) + Buffer.byteLength(String(v)), 0), 0);
        if (size > 1024 * 1024) out.push({ path: 'data', message: `holds ${size} bytes; a ConfigMap holds at most 1 MiB` });
      }
      break;
    default:
      break;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------

// ---------------------------------------------------------------------------------------------
// Custom resources: kubernetes-models has no schema for them; the fields we emit are checked
// against the CRD's published schema by hand.

/** An Istio duration (protobuf Duration as Istio's CRDs validate it): "10s", "1.5s", "500ms", "1h". */
const ISTIO_DURATION = /^(\d+(\.\d+)?(h|m|s|ms|us|µs|ns))+$/;

type CustomValidator = (obj: AnyObject, out: SchemaProblem[]) => void;

const CUSTOM_RESOURCES: Record<string, CustomValidator> = {
  'networking.istio.io/v1beta1/DestinationRule': (obj, out) => {
    const spec = obj.spec ?? {};
    if (typeof spec.host !== 'string' || spec.host === '') out.push({ path: 'spec.host', message: 'is required' });
    const od = spec.trafficPolicy?.outlierDetection;
    if (od) {
      for (const f of ['interval', 'baseEjectionTime']) {
        if (od[f] !== undefined && (typeof od[f] !== 'string' || !ISTIO_DURATION.test(od[f]))) out.push({ path: `spec.trafficPolicy.outlierDetection.${f}`, message: `${JSON.stringify(od[f])} is not a duration` });
      }
      for (const f of ['consecutive5xxErrors', 'maxEjectionPercent']) {
        if (od[f] !== undefined && (!Number.isInteger(od[f]) || od[f] < 0)) out.push({ path: `spec.trafficPolicy.outlierDetection.${f}`, message: 'must be a non-negative integer' });
      }
      if (Number.isInteger(od.maxEjectionPercent) && od.maxEjectionPercent > 100) out.push({ path: 'spec.trafficPolicy.outlierDetection.maxEjectionPercent', message: 'must be at most 100' });
    }
    const tcp = spec.trafficPolicy?.connectionPool?.tcp;
    if (tcp?.connectTimeout !== undefined && (typeof tcp.connectTimeout !== 'string' || !ISTIO_DURATION.test(tcp.connectTimeout))) {
      out.push({ path: 'spec.trafficPolicy.connectionPool.tcp.connectTimeout', message: `${JSON.stringify(tcp.connectTimeout)} is not a duration` });
    }
  },
  'networking.istio.io/v1beta1/VirtualService': (obj, out) => {
    const spec = obj.spec ?? {};
    if (!Array.isArray(spec.hosts) || spec.hosts.length === 0 || spec.hosts.some((h: unknown) => typeof h !== 'string' || h === '')) out.push({ path: 'spec.hosts', message: 'must be a non-empty list of host names' });
    (Array.isArray(spec.http) ? spec.http : []).forEach((route: AnyObject, i: number) => {
      if (route?.timeout !== undefined && (typeof route.timeout !== 'string' || !ISTIO_DURATION.test(route.timeout))) out.push({ path: `spec.http[${i}].timeout`, message: `${JSON.stringify(route.timeout)} is not a duration` });
      if (!Array.isArray(route?.route) || route.route.some((r: AnyObject) => typeof r?.destination?.host !== 'string')) out.push({ path: `spec.http[${i}].route`, message: 'each route needs destination.host' });
    });
  },
};

/** Every problem of one object, from the three layers; empty when it is valid. */
export function schemaProblems(obj: unknown): SchemaProblem[] {
  if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) return [{ path: '', message: `is ${obj === null ? 'null' : Array.isArray(obj) ? 'a list' : typeof obj}, not an object` }];
  const o = obj as AnyObject;
  if (typeof o.apiVersion !== 'string' || typeof o.kind !== 'string') return [{ path: '', message: 'has no apiVersion and kind' }];
  const custom = CUSTOM_RESOURCES[`${o.apiVersion}/${o.kind}`];
  if (custom) {
    const out: SchemaProblem[] = [];
    custom(o, out);
    return [...out, ...apiServerProblems(o)];
  }
  const openApi = openApiProblems(o);
  if (openApi.length === 1 && openApi[0].path === 'kind') return openApi;
  return [...openApi, ...fieldProblems(o), ...apiServerProblems(o)];
}

/**
 * What the API server itself refuses of a built-in object before any admission policy sees it:
 * the OpenAPI schema and its own validations (layers 1 and 3), whatever the cluster's version.
 */
export function apiServerRefusal(obj: AnyObject): SchemaProblem[] {
  return [...openApiProblems(obj), ...apiServerProblems(obj)];
}

/** Fields that Kubernetes 1.28 does not have, for the object's apiVersion and kind (layer 2 alone). */
export function fields128Problems(obj: AnyObject): SchemaProblem[] {
  return fieldProblems(obj);
}

/** `Deployment/web (namespace shop)`. */
export function describeObject(obj: unknown): string {
  const o = (obj ?? {}) as AnyObject;
  const ns = o.metadata?.namespace;
  return `${o.kind ?? '<no kind>'}/${o.metadata?.name ?? '<unnamed>'}${ns ? ` (namespace ${ns})` : ''}`;
}

/**
 * Throws a SchemaError naming the object and the path of every invalid field when `obj` is not
 * a valid Kubernetes 1.28 object (OpenAPI schema, 1.28 field inventory, API server name checks).
 */
export function validateAgainstSchema(obj: unknown): void {
  const problems = schemaProblems(obj);
  if (problems.length > 0) throw new SchemaError(describeObject(obj), problems);
}
