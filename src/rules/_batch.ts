import { FieldPath, K8sObject } from '../manifest';

/** Where the Job spec is: the Job's own spec, or a CronJob's job template. */
export function jobSpecPath(obj: K8sObject): FieldPath {
  return obj.kind === 'CronJob' ? ['spec', 'jobTemplate', 'spec'] : ['spec'];
}

/** Where the pod spec of a Job or CronJob is, whether or not it is there. */
export function jobPodSpecPath(obj: K8sObject): FieldPath {
  return [...jobSpecPath(obj), 'template', 'spec'];
}
