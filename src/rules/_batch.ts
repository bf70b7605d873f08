import { FieldPath, K8sObject, jobSpecPath } from '../k8s/manifest';

/** Where the pod spec of a workload's JobSpec is, whether or not it is there. */
export function jobPodSpecPath(obj: K8sObject): FieldPath | undefined {
  const spec = jobSpecPath(obj);
  return spec && [...spec, 'template', 'spec'];
}
