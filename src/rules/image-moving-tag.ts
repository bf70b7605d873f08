import { imageIssue } from './_images';
import { containerRule } from '../engine/rule';

export const imageMovingTag = containerRule({
  id: 'image-moving-tag',
  pack: 'images',
  title: 'Images are not tagged with a moving tag',
  severity: 'error',
  pattern: 7,
  description: 'A channel or branch tag (stable, main, edge, lts, nightly) or a tag that names no version (alpine, bookworm) is pushed again as new builds arrive: like latest, it does not say which version runs, and nodes that pulled at different times run different code.',
  workloads: 'all',
  containers: 'all',
  equivalents: { kubeLinter: ['latest-tag'], kyverno: ['disallow-latest-tag'] },
  remediation: 'Deploy a tag that names one build (web:1.4.2, nginx:1.27.3-alpine, or the git commit), or pin a digest (web@sha256:<64 hex digits>).',
  suppressible: true,
  check: (c) => {
    const issue = imageIssue(c);
    return issue?.kind === 'moving' ? [{ path: [...c.path, 'image'], message: issue.message }] : [];
  },
});
