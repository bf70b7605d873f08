import { FieldPath, K8sObject, jobSpecPath } from '../k8s/manifest';

/** Where the pod spec of a workload's JobSpec is, whether or not it is there. */
export function jobPodSpecPath(obj: K8sObject): FieldPath | undefined {
  const spec = jobSpecPath(obj);
  return spec && [...spec, 'template', 'spec'];
}

/**
 * CEL over the JobSpec of a Job or of a CronJob's job template: its field `field` tested as `v`,
 * or `unset` when it is not set (the admission gate's view of jobSpecPath).
 */
export function celJobSpecField(field: string, test: string, unset: string): string {
  const at = (spec: string, guards: string) => `(${guards} && has(${spec}.${field}) ? ${test.replace(/\bv\b/g, `${spec}.${field}`)} : ${unset})`;
  return `(object.kind == 'Job' ? ${at('object.spec', 'has(object.spec)')} : ${at('object.spec.jobTemplate.spec', 'has(object.spec) && has(object.spec.jobTemplate) && has(object.spec.jobTemplate.spec)')})`;
}
