import { ImageReference, isPinned, parseImageReference, pinIssue, pinProblem } from '../src/k8s/image-ref';

const SHA256 = 'sha256:' + '0123456789abcdef'.repeat(4);
const SHA384 = 'sha384:' + 'ab'.repeat(48);
const SHA512 = 'sha512:' + 'cd'.repeat(64);

const valid: Array<[string, ImageReference]> = [
  ['nginx', { repository: 'nginx' }],
  ['nginx:1.25', { repository: 'nginx', tag: '1.25' }],
  ['nginx:latest', { repository: 'nginx', tag: 'latest' }],
  ['library/nginx:1.25.3-alpine', { repository: 'library/nginx', tag: '1.25.3-alpine' }],
  ['registry.example.com/shop/web:1.4.2', { registry: 'registry.example.com', repository: 'shop/web', tag: '1.4.2' }],
  ['registry.example.com:443/a/b/c/d:v1', { registry: 'registry.example.com:443', repository: 'a/b/c/d', tag: 'v1' }],
  ['localhost/app:2', { registry: 'localhost', repository: 'app', tag: '2' }],
  ['localhost:5000/app', { registry: 'localhost:5000', repository: 'app' }],
  ['localhost:5000/app:1.0', { registry: 'localhost:5000', repository: 'app', tag: '1.0' }],
  ['myregistry:5000/team/app', { registry: 'myregistry:5000', repository: 'team/app' }],
  ['192.168.1.10:5000/app:3', { registry: '192.168.1.10:5000', repository: 'app', tag: '3' }],
  ['[::1]:5000/app:3', { registry: '[::1]:5000', repository: 'app', tag: '3' }],
  [`app@${SHA256}`, { repository: 'app', digest: SHA256 }],
  [`app:1.0@${SHA256}`, { repository: 'app', tag: '1.0', digest: SHA256 }],
  [`ghcr.io/org/app@${SHA384}`, { registry: 'ghcr.io', repository: 'org/app', digest: SHA384 }],
  [`ghcr.io/org/app:v2@${SHA512}`, { registry: 'ghcr.io', repository: 'org/app', tag: 'v2', digest: SHA512 }],
  ['team/app', { repository: 'team/app' }],
  ['a__b.c_d---e:TAG_1', { repository: 'a__b.c_d---e', tag: 'TAG_1' }],
  ['app:_underscore-first', { repository: 'app', tag: '_underscore-first' }],
  [`app:${'x'.repeat(128)}`, { repository: 'app', tag: 'x'.repeat(128) }],
];

const invalid: Array<[string, string]> = [
  ['', '"" is empty: an image reference needs at least a repository name'],
  [' nginx:1.25', '" nginx:1.25" contains whitespace'],
  ['nginx :1.25', '"nginx :1.25" contains whitespace'],
  ['Nginx:1.25', '"Nginx:1.25" has an upper-case repository name ("Nginx"); repository names are lower case'],
  ['registry.example.com/Shop/web:1', '"registry.example.com/Shop/web:1" has an upper-case repository name ("Shop/web"); repository names are lower case'],
  ['nginx:', '"nginx:" ends its name with ":" but gives no tag after it'],
  ['localhost:5000/app:', '"localhost:5000/app:" ends its name with ":" but gives no tag after it'],
  ['nginx:.hidden', '"nginx:.hidden" has an invalid tag (".hidden"); a tag is up to 128 letters, digits, "_", "." and "-", not starting with "." or "-"'],
  [`app:${'x'.repeat(129)}`, `"app:${'x'.repeat(129)}" has an invalid tag ("${'x'.repeat(129)}"); a tag is up to 128 letters, digits, "_", "." and "-", not starting with "." or "-"`],
  ['app@sha256:abc', '"app@sha256:abc" has a sha256 digest of 3 hex digits; sha256 digests have 64'],
  [`app@sha512:${'a'.repeat(64)}`, `"app@sha512:${'a'.repeat(64)}" has a sha512 digest of 64 hex digits; sha512 digests have 128`],
  [`app@sha256:${'A'.repeat(64)}`, `"app@sha256:${'A'.repeat(64)}" has a sha256 digest that is not lower-case hexadecimal`],
  ['app@md5:abc', '"app@md5:abc" has a digest with an unknown algorithm ("md5"); use sha256, sha384 or sha512'],
  [`app@${'a'.repeat(64)}`, `"app@${'a'.repeat(64)}" has a digest ("${'a'.repeat(64)}") without an algorithm; digests look like "sha256:<64 hex digits>"`],
  ['a@b@c', '"a@b@c" has more than one "@"'],
  [`@${SHA256}`, `"@${SHA256}" has no repository name`],
  ['team//app:1', '"team//app:1" has an empty path component in its repository name ("team//app")'],
  ['registry.example.com/', '"registry.example.com/" names a registry but no repository'],
  ['a___b:1', '"a___b:1" has an invalid repository name ("a___b"); path components are lower-case letters and digits separated by ".", "_", "__" or "-"'],
  ['-app:1', '"-app:1" has an invalid repository name ("-app"); path components are lower-case letters and digits separated by ".", "_", "__" or "-"'],
  ['foo:bar/baz', '"foo:bar/baz" has an invalid registry ("foo:bar"): its registry port ("bar") is not a number'],
  ['reg..example.com/app:1', '"reg..example.com/app:1" has an invalid registry ("reg..example.com"): its registry host ("reg..example.com") is not a valid host name'],
  [`r.io/${'a'.repeat(260)}:1`, `"r.io/${'a'.repeat(260)}:1" has a name of 265 characters; the limit is 255`],
];

describe('parseImageReference', () => {
  test.each(valid)('parses %j', (ref, expected) => {
    expect(parseImageReference(ref)).toEqual({ ok: true, value: expected });
  });
  test.each(invalid)('refuses %j', (ref, error) => {
    expect(parseImageReference(ref)).toEqual({ ok: false, error });
  });
  test('does not throw on a non-string from untyped YAML', () => {
    expect(parseImageReference(42 as unknown as string).ok).toBe(false);
  });
});

describe('isPinned', () => {
  test.each<[string, boolean]>([
    ['nginx', false],
    ['nginx:latest', false],
    ['localhost:5000/app', false],
    ['nginx:1.25', true],
    [`nginx@${SHA256}`, true],
    [`nginx:latest@${SHA256}`, true],
  ])('%j pinned: %s', (ref, pinned) => {
    const parsed = parseImageReference(ref);
    if (!parsed.ok) throw new Error(parsed.error);
    expect(isPinned(parsed.value)).toBe(pinned);
  });
});

describe('pinProblem', () => {
  test.each<[string, string | undefined]>([
    ['registry.example.com/shop/web:1.4.2', undefined],
    [`app:1.0@${SHA256}`, undefined],
    [`app:latest@${SHA256}`, undefined],
    ['nginx', '"nginx" has no tag and no digest, so it means whatever "latest" is when the image is pulled'],
    ['localhost:5000/app', '"localhost:5000/app" has no tag and no digest (":5000" is the registry\'s port, not a tag), so it means whatever "latest" is when the image is pulled'],
    ['registry.example.com/shop/web', '"registry.example.com/shop/web" has no tag and no digest, so it means whatever "latest" is when the image is pulled'],
    ['nginx:latest', '"nginx:latest" uses the "latest" tag, which does not say which version runs'],
    ['Nginx:1.25', '"Nginx:1.25" has an upper-case repository name ("Nginx"); repository names are lower case'],
  ])('%j', (ref, problem) => {
    expect(pinProblem(ref)).toBe(problem);
  });
  test('classifies each problem as one kind', () => {
    expect(['nginx', 'nginx:latest', 'nginx:', 'nginx:1'].map((r) => pinIssue(r)?.kind)).toEqual(['untagged', 'latest', 'malformed', undefined]);
  });
});
