import { ContainerRef } from '../k8s/manifest';
import { PinIssueKind, pinIssue } from '../k8s/image-ref';
import { describeContainer } from '../engine/rule';

/**
 * The pinning problem of a container's image, classified so that image-tag-required and
 * image-not-latest each report their own kind and no image is reported twice.
 */
export function imageIssue(c: ContainerRef): { kind: PinIssueKind | 'missing'; message: string } | undefined {
  const image = c.container.image;
  const who = describeContainer(c);
  if (image === undefined || image === null) return { kind: 'missing', message: `${who} has no image` };
  if (typeof image !== 'string') return { kind: 'malformed', message: `${who} has image ${JSON.stringify(image)}, which is not a string` };
  const issue = pinIssue(image);
  return issue ? { kind: issue.kind, message: `the image of ${who} is not pinned: ${issue.message}` } : undefined;
}
