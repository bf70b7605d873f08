import { FieldPath, PodTemplate } from '../k8s/manifest';

/**
 * The ServiceAccount a pod runs as, and the field that names it: serviceAccountName, else the
 * deprecated serviceAccount, else none (the API server then uses `default`).
 */
export function serviceAccountOf(pod: PodTemplate): { name: string; field?: FieldPath } {
  for (const key of ['serviceAccountName', 'serviceAccount']) {
    const v = pod.spec[key];
    if (typeof v === 'string' && v !== '') return { name: v, field: [...pod.specPath, key] };
  }
  return { name: 'default' };
}
