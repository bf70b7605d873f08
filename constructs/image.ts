import { IConstruct } from 'constructs';
import { ContainerImage } from '../src/k8s/container-image';
import { refuse } from './errors';

/** What an image prop accepts: a pinned ContainerImage, or a reference string checked the same way. */
export type ImageInput = ContainerImage | string;

export function resolveImage(scope: IConstruct, prop: string, value: ImageInput): ContainerImage {
  if (value instanceof ContainerImage) return value;
  const problem = ContainerImage.problem(value);
  if (problem) {
    refuse(scope, prop, value, 'a pinned image reference: a tag that names a version, not latest or a moving tag such as stable (registry.example.com/team/app:1.4.2), or a digest (…/app@sha256:<64 hex>)', problem);
  }
  return ContainerImage.of(value);
}
