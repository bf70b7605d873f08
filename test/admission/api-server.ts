import { ADMISSION_RESOURCES, admissionResource } from '../../src/engine/cel';
import { K8sObject, isRecord } from '../../src/k8s/manifest';
import { isKnownTimeZone, parseCronSchedule } from '../../src/k8s/cron';
import { apiServerRefusal } from '../schema';

/*
 * The object an admission policy sees, from a manifest: what the API server makes of it before
 * validating admission runs. It decodes the object into its typed form (nulls are gone), refuses
 * what its schema and validations refuse, and fills in the defaults of the fields it defaults
 * (Kubernetes' SetDefaults_* functions, for the fields the rules read or test with has()).
 * Objects of kinds the admission gate does not match are not admitted here (undefined).
 */

type AnyObject = Record<string, any>;

/** The value without null map entries and null list items, as the typed decoding leaves it. */
export function withoutNulls(v: unknown): unknown {
  if (Array.isArray(v)) return v.filter((x) => x !== null).map(withoutNulls);
  if (isRecord(v)) return Object.fromEntries(Object.entries(v).filter(([, x]) => x !== null).map(([k, x]) => [k, withoutNulls(x)]));
  return v;
}

function setDefault(o: AnyObject, field: string, value: unknown): void {
  if (o[field] === undefined) o[field] = value;
}

/** Kubernetes' image-name parse, for the pull policy default: the tag, "latest" when there is no tag nor digest. */
function imageTag(image: string): string {
  const digestAt = image.indexOf('@');
  const name = digestAt >= 0 ? image.slice(0, digestAt) : image;
  const lastSlash = name.lastIndexOf('/');
  const colon = name.lastIndexOf(':');
  const tag = colon > lastSlash ? name.slice(colon + 1) : '';
  if (tag === '' && digestAt < 0) return 'latest';
  return tag;
}

function defaultProbe(p: unknown): void {
  if (!isRecord(p)) return;
  setDefault(p, 'timeoutSeconds', 1);
  setDefault(p, 'periodSeconds', 10);
  setDefault(p, 'successThreshold', 1);
  setDefault(p, 'failureThreshold', 3);
  if (isRecord(p.httpGet)) {
    if (p.httpGet.path === undefined || p.httpGet.path === '') p.httpGet.path = '/';
    setDefault(p.httpGet, 'scheme', 'HTTP');
  }
}

function defaultContainer(c: unknown): void {
  if (!isRecord(c)) return;
  if (typeof c.image === 'string') setDefault(c, 'imagePullPolicy', imageTag(c.image) === 'latest' ? 'Always' : 'IfNotPresent');
  setDefault(c, 'terminationMessagePath', '/dev/termination-log');
  setDefault(c, 'terminationMessagePolicy', 'File');
  if (Array.isArray(c.ports)) for (const p of c.ports) if (isRecord(p)) setDefault(p, 'protocol', 'TCP');
  for (const f of ['livenessProbe', 'readinessProbe', 'startupProbe']) defaultProbe(c[f]);
}

function defaultPodSpec(spec: unknown): void {
  if (!isRecord(spec)) return;
  setDefault(spec, 'restartPolicy', 'Always');
  setDefault(spec, 'dnsPolicy', 'ClusterFirst');
  setDefault(spec, 'schedulerName', 'default-scheduler');
  setDefault(spec, 'terminationGracePeriodSeconds', 30);
  setDefault(spec, 'securityContext', {});
  for (const list of [spec.initContainers, spec.containers]) if (Array.isArray(list)) list.forEach(defaultContainer);
}

function at(o: AnyObject, path: readonly string[]): any {
  return path.reduce<any>((cur, k) => (isRecord(cur) ? cur[k] : undefined), o);
}

function defaultObject(o: AnyObject): void {
  const r = admissionResource(o.kind);
  if (r?.template) defaultPodSpec(r.template.length === 0 ? o.spec : at(o, [...r.template, 'spec']));
  const spec = o.spec;
  if (!isRecord(spec)) return;
  switch (o.kind) {
    case 'Deployment':
      setDefault(spec, 'replicas', 1);
      setDefault(spec, 'strategy', {});
      setDefault(spec.strategy, 'type', 'RollingUpdate');
      if (spec.strategy.type === 'RollingUpdate') {
        setDefault(spec.strategy, 'rollingUpdate', {});
        setDefault(spec.strategy.rollingUpdate, 'maxUnavailable', '25%');
        setDefault(spec.strategy.rollingUpdate, 'maxSurge', '25%');
      }
      setDefault(spec, 'revisionHistoryLimit', 10);
      setDefault(spec, 'progressDeadlineSeconds', 600);
      break;
    case 'StatefulSet':
      setDefault(spec, 'replicas', 1);
      setDefault(spec, 'podManagementPolicy', 'OrderedReady');
      setDefault(spec, 'updateStrategy', {});
      setDefault(spec.updateStrategy, 'type', 'RollingUpdate');
      if (spec.updateStrategy.type === 'RollingUpdate') {
        setDefault(spec.updateStrategy, 'rollingUpdate', {});
        setDefault(spec.updateStrategy.rollingUpdate, 'partition', 0);
      }
      setDefault(spec, 'revisionHistoryLimit', 10);
      break;
    case 'DaemonSet':
      setDefault(spec, 'updateStrategy', {});
      setDefault(spec.updateStrategy, 'type', 'RollingUpdate');
      if (spec.updateStrategy.type === 'RollingUpdate') {
        setDefault(spec.updateStrategy, 'rollingUpdate', {});
        setDefault(spec.updateStrategy.rollingUpdate, 'maxUnavailable', 1);
        setDefault(spec.updateStrategy.rollingUpdate, 'maxSurge', 0);
      }
      setDefault(spec, 'revisionHistoryLimit', 10);
      break;
    case 'ReplicaSet':
    case 'ReplicationController':
      setDefault(spec, 'replicas', 1);
      break;
    case 'Job':
      if (spec.completions === undefined && spec.parallelism === undefined) {
        spec.completions = 1;
        spec.parallelism = 1;
      }
      setDefault(spec, 'parallelism', 1);
      setDefault(spec, 'backoffLimit', 6);
      setDefault(spec, 'completionMode', 'NonIndexed');
      setDefault(spec, 'suspend', false);
      break;
    case 'CronJob':
      setDefault(spec, 'concurrencyPolicy', 'Allow');
      setDefault(spec, 'suspend', false);
      setDefault(spec, 'successfulJobsHistoryLimit', 3);
      setDefault(spec, 'failedJobsHistoryLimit', 1);
      break;
    case 'HorizontalPodAutoscaler':
      setDefault(spec, 'minReplicas', 1);
      break;
    case 'Service':
      setDefault(spec, 'type', 'ClusterIP');
      setDefault(spec, 'sessionAffinity', 'None');
      if (Array.isArray(spec.ports)) {
        for (const p of spec.ports) {
          if (!isRecord(p)) continue;
          setDefault(p, 'protocol', 'TCP');
          setDefault(p, 'targetPort', p.port);
        }
      }
      break;
    default:
  }
}

/** Validations of the API server that the schema layers do not have and the rules' examples meet. */
function refusedBeyondSchema(o: AnyObject): string | undefined {
  if (o.kind === 'Job' || o.kind === 'CronJob') {
    const path = o.kind === 'Job' ? ['spec', 'template', 'spec'] : ['spec', 'jobTemplate', 'spec', 'template', 'spec'];
    const policy = at(o, [...path, 'restartPolicy']);
    if (policy !== 'OnFailure' && policy !== 'Never') return 'a Job\'s pods must have restartPolicy OnFailure or Never';
  }
  if (o.kind === 'CronJob' && typeof o.spec?.schedule === 'string' && !parseCronSchedule(o.spec.schedule).ok) return 'the schedule is not a cron expression';
  if (o.kind === 'CronJob' && o.spec?.timeZone !== undefined && !isKnownTimeZone(o.spec.timeZone)) return 'the time zone is not in the API server\'s database';
  return undefined;
}

/** The kinds whose objects admission sees, by apiVersion and kind. */
const ADMITTED = new Set(ADMISSION_RESOURCES.map((r) => `${r.group === '' ? '' : `${r.group}/`}${r.version}/${r.kind}`));

export interface Admission {
  /** The object as a policy sees it, or undefined when it never reaches one. */
  readonly object?: K8sObject;
  /** Why it does not. */
  readonly refused?: string;
}

/** What becomes of a manifest object at the API server, up to validating admission. */
export function admit(manifest: unknown): Admission {
  const o = withoutNulls(manifest);
  if (!isRecord(o) || typeof o.apiVersion !== 'string' || typeof o.kind !== 'string') return { refused: 'not an object' };
  if (!ADMITTED.has(`${o.apiVersion}/${o.kind}`)) return { refused: `${o.apiVersion} ${o.kind} is not a kind the admission gate matches` };
  const problems = apiServerRefusal(o);
  if (problems.length > 0) return { refused: problems.map((p) => `${p.path || '<object>'}: ${p.message}`).join('; ') };
  const copy = structuredClone(o) as AnyObject;
  defaultObject(copy);
  const beyond = refusedBeyondSchema(copy);
  if (beyond) return { refused: beyond };
  return { object: copy as K8sObject };
}
