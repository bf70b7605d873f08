import * as fc from 'fast-check';

/*
 * Image references and pull policies: tags that are fixed, moving or latest, none at all,
 * digests, registries with ports and paths. The images pack's rules fall on both sides.
 */

const DIGEST = `sha256:${'a1b2c3d4'.repeat(8)}`;

export const image: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    'registry.example.com/shop/web:1.4.2',
    'registry.example.com/shop/web:latest',
    'registry.example.com/shop/web',
    `registry.example.com/shop/web@${DIGEST}`,
    `registry.example.com/shop/web:1.4.2@${DIGEST}`,
    'registry.example.com:5000/shop/web:2.0.0',
    'registry.example.com:5000/shop/web',
    'docker.io/library/nginx:1.27.3',
    'nginx',
    'nginx:stable',
    'nginx:latest',
    'ghcr.io/acme/worker:main',
    'ghcr.io/acme/worker:v2',
    'quay.io/acme/tool:edge',
  ),
);

export const imagePullPolicy = fc.constantFrom(undefined, 'Always', 'IfNotPresent', 'Never');
