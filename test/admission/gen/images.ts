import * as fc from 'fast-check';
import { MOVING_WORDS } from '../../../src/k8s/image-ref';

/*
 * Image references and pull policies, for the images pack's rules: references assembled from a
 * registry (none, hosts with ports and paths, IPv6, upper case), a repository, a tag (fixed,
 * moving, latest in any case, none) and a digest (none, valid, malformed), each part sometimes
 * malformed, plus hand-picked edge references. Every rule of the pack falls on both sides, and
 * often: an object is allowed only when each of its containers is.
 */

const SHA256 = `sha256:${'a1b2c3d4'.repeat(8)}`;
const SHA384 = `sha384:${'0f'.repeat(48)}`;
const SHA512 = `sha512:${'9e'.repeat(64)}`;

const registry = fc.oneof(
  { arbitrary: fc.constant(undefined), weight: 3 },
  // The allow-list of the differential test names registry.example.com and docker.io/library.
  { arbitrary: fc.constantFrom('registry.example.com', 'docker.io'), weight: 4 },
  {
    arbitrary: fc.constantFrom(
      'registry.example.com:5000', 'registry.example.com:443', 'REGISTRY.Example.com', 'registry.example.com.evil.io', 'ghcr.io', 'quay.io',
      'localhost', 'localhost:5000', 'myregistry:5000', '10.0.0.7:5000', '[::1]:5000', '[fe80::1]', 'docker.io:443', 'index.docker.io', 'my-registry.internal',
    ),
    weight: 3,
  },
  // Malformed: a bad port, label or IPv6 form; a path component with "." and "_" is no registry.
  { arbitrary: fc.constantFrom('registry.example.com:', 'registry.example.com:5a', 'reg..example.com', '-reg.io', 'reg-.io', 'reg_istry.io', '[::1', '[]:5000', 'a_b.c', 'Localhost'), weight: 1 },
);

const repository = fc.oneof(
  { arbitrary: fc.constantFrom('shop/web', 'library/nginx', 'nginx', 'mirror/redis'), weight: 6 },
  { arbitrary: fc.constantFrom('acme/team/worker', 'my_app', 'web__api', 'a--b/c-d', 'app.v2', 'x', 'library', 'localhost', 'registry.example.com'), weight: 3 },
  // Malformed: upper case, empty or bad components.
  { arbitrary: fc.constantFrom('Shop/web', 'shop//web', 'shop/', '_web', 'web-', 'a___b', 'wéb', ''), weight: 1 },
);

/** A tag with a moving word of movingTag, in some place and case. */
const movingWordTag = fc.tuple(fc.constantFrom(...MOVING_WORDS), fc.constantFrom('', '1.27-', '3.12.0_', 'v2.'), fc.constantFrom('', '-alpine', '.1', '_2024', '-3')).map(
  ([word, before, after]) => `${before}${word}${after}`,
);

const tag = fc.oneof(
  { arbitrary: fc.constant(undefined), weight: 3 },
  { arbitrary: fc.constantFrom('1.4.2', '1.27.3-alpine', 'v2', 'v1.2.3', '2024.06.01_build7', 'sha-3f1c0a9', '7', 'TAG_1', '_1', 'rc1', 'v3-prodigy', 'beta2', 'preview-1'), weight: 8 },
  { arbitrary: fc.constantFrom('latest', 'Latest', 'LATEST'), weight: 4 },
  { arbitrary: fc.constantFrom('stable', 'main', 'edge', 'lts-alpine', '3.12-rc', 'alpine', 'bookworm', 'v2-main', 'nightly-20240601', 'Stable', 'MAIN', 'v1.0.0-RC.1', 'latest-1'), weight: 4 },
  { arbitrary: movingWordTag, weight: 3 },
  // 128 characters is the limit; a tag does not start with "." or "-".
  { arbitrary: fc.constantFrom(`1${'x'.repeat(127)}`, `1${'x'.repeat(128)}`, '.1', '-1', '', '1.0:2', '1/2', '1+2', '1ü'), weight: 1 },
);

const digest = fc.oneof(
  { arbitrary: fc.constant(undefined), weight: 5 },
  { arbitrary: fc.constantFrom(SHA256, SHA384, SHA512), weight: 4 },
  { arbitrary: fc.constantFrom('sha256:abc', SHA256.toUpperCase().replace('SHA256', 'sha256'), `sha512:${'a'.repeat(64)}`, `md5:${'a'.repeat(32)}`, 'a1b2c3d4'.repeat(8), `${SHA256}@${SHA256}`, `SHA256:${'a1b2c3d4'.repeat(8)}`, ''), weight: 1 },
);

const assembled = fc.record({ registry, repository, tag, digest }).map(
  (p) => `${p.registry !== undefined ? `${p.registry}/` : ''}${p.repository}${p.tag !== undefined ? `:${p.tag}` : ''}${p.digest !== undefined ? `@${p.digest}` : ''}`,
);

/** References whose edges the assembled ones miss: whitespace, lengths, ports that look like tags. */
const EDGE = [
  'registry.example.com/shop/web:1.4.2',
  'registry.example.com:5000',
  'localhost:5000/web',
  'registry.example.com/shop/web:5000/x',
  'nginx:1.0/foo',
  `registry.example.com/${'a'.repeat(234)}:1.0`,
  `registry.example.com/${'a'.repeat(235)}:1.0`,
  `${'a'.repeat(255)}:1.0`,
  `${'a'.repeat(256)}@${SHA256}`,
  ' nginx:1.25',
  'nginx:1.25 ',
  'nginx :1.25',
  'nginx:1.25\n',
  'nginx:1.25\u00a0',
  'nginx:\u20281',
  'nginx:1.25\t',
  ':1.0',
  `@${SHA256}`,
  '/nginx:1.0',
  'nginx:',
  'nginx@',
  'a@b@c',
  'docker.io/library/nginx:1.27.3',
  'docker.io/nginx:1.27.3',
  'library/nginx:1.27.3',
  `docker.io/library/nginx@${SHA256}`,
  '[::1]/app:1.0',
  '[::1]:5000/app:1.0',
  '[::1]:/app:1.0',
  'registry.example.com/shop/web:latest',
  'registry.example.com/shop/web:ĸatest',
  'nginx:\u212aatest',
  'nginx:ſtable1',
  '',
];

/** An image reference, or now and then none (a pod template may leave it to a controller). */
export const image: fc.Arbitrary<string | undefined> = fc.oneof(
  { arbitrary: assembled, weight: 16 },
  { arbitrary: fc.constantFrom(...EDGE), weight: 4 },
  { arbitrary: fc.constant(undefined), weight: 1 },
);

export const imagePullPolicy = fc.constantFrom(undefined, 'Always', 'IfNotPresent', 'Never');
