import { SecretlintHit, secretlintHits } from './secretlint';

/**
 * Heuristics for secrets written where they do not belong: literal env values, ConfigMap data,
 * construct props. Shared by the rules and by the constructs, so both refuse the same things.
 *
 * Names are judged word part by word part (`DB_PASSWORD`, `dbPassword`, `db.password` all have
 * the part `password`), so `TOKENIZER_MODE` or `MAX_TOKENS` are not secrets. A name that only
 * points at a secret (`PASSWORD_FILE`, `SECRET_NAME`, `TOKEN_URL`, `AUTH_ENABLED`) is not one either.
 */

/** Word parts that name a secret on their own. */
const SECRET_WORDS = new Set([
  'password', 'passwords', 'passwd', 'pwd', 'passphrase', 'secret', 'secrets', 'token', 'bearer',
  'apikey', 'privatekey', 'accesskey', 'secretkey', 'credential', 'credentials', 'creds', 'auth',
]);

/** Words that end a word part that names a secret: `PGPASSWORD`, `MYSQLPWD`, `GITHUBTOKEN`. */
const SECRET_SUFFIXES = ['password', 'passwd', 'passphrase', 'secret', 'token', 'apikey', 'privatekey', 'secretkey', 'accesskey'];

/** Word parts that name a secret only as the last part of a name: `DB_PASS`, `spring.datasource.pass`, `SMTP_PW`. */
const SECRET_LAST_WORDS = new Set(['pass', 'pw']);

/** Names Polaris' sensitiveContainerEnvVar check refuses as they are (its list, beside the words above). */
const POLARIS_NAMES = [/^AWS_SECRET_ACCESS_KEY$/i, /^GOOGLE_APPLICATION_CREDENTIALS$/i, /^AZURE_.+KEY$/i, /^OCI_CLI_KEY_CONTENT$/i];

/** `<word> key` pairs that name a secret (`API_KEY`, `privateKey`, `access-key`). */
const KEY_PREFIXES = new Set(['api', 'private', 'access', 'secret', 'signing', 'encryption', 'master', 'ssh']);

/**
 * Word parts that, after the secret word, make the name describe something about a secret
 * rather than hold it: where it is, what it is called, whether it is on, how long it lives.
 */
const QUALIFIERS = new Set([
  'file', 'files', 'path', 'dir', 'directory', 'location', 'mount', 'name', 'names', 'ref', 'id', 'arn',
  'url', 'uri', 'endpoint', 'host', 'hostname', 'port', 'domain', 'realm', 'server', 'service', 'backend',
  'issuer', 'audience', 'scope', 'scopes', 'claim', 'header', 'field', 'prefix', 'user', 'username',
  'enabled', 'enable', 'disabled', 'disable', 'required', 'mode', 'type', 'kind', 'method', 'provider',
  'scheme', 'strategy', 'policy', 'algorithm', 'format', 'version', 'store',
  'ttl', 'timeout', 'expiry', 'expiration', 'expires', 'lifetime', 'age', 'duration', 'interval', 'rotation',
  'seconds', 'length', 'size', 'min', 'max', 'limit', 'count',
]);

/** `DB_PASSWORD`, `dbPassword`, `db.password`, `APIKey` → their lower-case word parts. */
export function nameParts(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((p) => p !== '');
}

/** True when a variable, key or field name says that its value is a secret. */
export function looksLikeSecretName(name: string): boolean {
  if (typeof name !== 'string') return false;
  if (POLARIS_NAMES.some((re) => re.test(name))) return true;
  const parts = nameParts(name);
  // PWD alone is the shell's working directory, not a password.
  if (parts.length === 1 && parts[0] === 'pwd') return false;
  let last = -1;
  parts.forEach((p, i) => {
    if (SECRET_WORDS.has(p) || (p === 'key' && i > 0 && KEY_PREFIXES.has(parts[i - 1]))) last = i;
    else if (SECRET_SUFFIXES.some((w) => p.length > w.length && p.endsWith(w))) last = i;
    else if (i === parts.length - 1 && i > 0 && SECRET_LAST_WORDS.has(p)) last = i;
  });
  if (last < 0) return false;
  return !parts.slice(last + 1).some((p) => QUALIFIERS.has(p));
}

/** Values that cannot be a secret whatever the name: switches and nulls. */
const NON_SECRET_VALUES = new Set(['true', 'false', 'yes', 'no', 'on', 'off', 'null', 'nil', 'none', '~', 'enabled', 'disabled']);

/** `${VAR}`, `$VAR`, `$(VAR)` (Kubernetes env expansion), `{{ .Values.x }}` (templates). */
const REFERENCE = /\$\{[^}]*\}|\$\([A-Za-z_][A-Za-z0-9_]*\)|^\$[A-Za-z_][A-Za-z0-9_]*$|\{\{.*\}\}/;

/**
 * True when a value is a literal that could be a secret: not empty, not a reference to a
 * variable or template expanded elsewhere, not a boolean or null.
 */
export function isLiteralSecretValue(value: unknown): boolean {
  if (typeof value === 'number') return Number.isFinite(value);
  if (typeof value !== 'string') return false;
  const v = value.trim();
  if (v === '') return false;
  if (REFERENCE.test(v)) return false;
  // An empty list, map or string (`custom_secrets: []`) holds no secret.
  if (/^(\[\s*\]|\{\s*\}|""|'')$/.test(v)) return false;
  return !NON_SECRET_VALUES.has(v.toLowerCase());
}

interface ContentPattern {
  readonly reason: string;
  readonly test: (line: string) => boolean;
}

const CONTENT_PATTERNS: readonly ContentPattern[] = [
  // Any number of dashes: a block with three is still a key (Polaris matches one or more).
  { reason: 'a PEM private key block', test: (l) => /-+\s*BEGIN\s+(?:[A-Z0-9]+\s+)*PRIVATE\s+KEY(?:\s+BLOCK)?\s*-+/i.test(l) },
  { reason: 'an AWS access key id', test: (l) => /(?<![A-Z0-9])AKIA[0-9A-Z]{16}(?![A-Z0-9])/.test(l) },
  { reason: 'a GitHub token', test: (l) => /(?<![A-Za-z0-9_])(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{22,})/.test(l) },
  { reason: 'a Slack token', test: (l) => /(?<![A-Za-z0-9])xox[baprs]-[A-Za-z0-9-]{10,}/.test(l) },
  {
    reason: 'a URL with an embedded password',
    test: (l) => [...l.matchAll(/\b[a-z][a-z0-9+.-]*:\/\/[^\s:/@]+:([^\s@/]+)@/gi)].some((m) => isLiteralSecretValue(m[1])),
  },
];

/** Strips the quotes, a trailing comma (JSON) and a trailing comment from an assigned value. */
function assignedValue(raw: string): string {
  const v = raw.trim();
  const quoted = /^(["'])(.*?)\1/.exec(v);
  if (quoted) return quoted[2];
  return v.replace(/\s+#.*$/, '').replace(/,$/, '').trim();
}

/** A YAML block scalar indicator or the start of a nested object: the value is elsewhere. */
function isNestedValue(v: string): boolean {
  return /^[|>][-+0-9]*$/.test(v) || v === '{' || v === '[' || /^[&*!]/.test(v);
}

/** The names given a literal value on one line: `password: x`, `token=x`, `"apiKey": "x"`, `-Ddb.password=x`. */
function secretAssignments(line: string): string[] {
  const found: string[] = [];
  const consider = (name: string, raw: string) => {
    const value = assignedValue(raw);
    if (looksLikeSecretName(name) && !isNestedValue(value) && isLiteralSecretValue(value)) found.push(name);
  };
  // YAML, INI, properties, dotenv: the whole line is one assignment.
  const whole = /^\s*(?:-\s+|export\s+)?(["']?)([A-Za-z_][\w.-]*)\1\s*[:=]\s*(.*)$/.exec(line);
  if (whole) consider(whole[2], whole[3]);
  // key=value pairs inside a line: connection strings, query strings, JVM flags, shell commands.
  for (const m of line.matchAll(/(?:^|[\s;&?,]|-D)([A-Za-z_][\w.-]*)=("[^"]*"|'[^']*'|[^\s;&,"']*)/g)) consider(m[1], m[2]);
  // inline JSON.
  for (const m of line.matchAll(/"([A-Za-z_][\w.-]*)"\s*:\s*("[^"]*")/g)) consider(m[1], m[2]);
  // XML elements: <password>x</password>, <db.password>x</db.password>.
  for (const m of line.matchAll(/<([A-Za-z_][\w.:-]*)(?:\s[^>]*)?>([^<]*)<\/\1\s*>/g)) consider(m[1], m[2]);
  return found;
}

/**
 * Why a value carries a secret (a short phrase such as `a PEM private key block`), or undefined.
 * Multi-line values (file contents) are read line by line and the reason names the line.
 */
export function secretLikeContent(value: string, secretlint?: readonly SecretlintHit[]): string | undefined {
  if (typeof value !== 'string' || value === '') return undefined;
  const lines = value.split(/\r?\n/);
  const where = (i: number) => (lines.length > 1 ? ` on line ${i + 1}` : '');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const pattern = CONTENT_PATTERNS.find((p) => p.test(line));
    if (pattern) return `${pattern.reason}${where(i)}`;
    const names = secretAssignments(line);
    if (names.length > 0) return `a literal value for "${names[0]}"${where(i)}`;
  }
  // Then everything secretlint's recommended rules know (cloud and SaaS tokens, connection strings, …).
  const hit = (secretlint ?? secretlintHits(value))[0];
  if (hit) return `${SECRETLINT_KINDS[hit.rule] ?? `a ${hit.rule} secret`}, found by secretlint's ${hit.rule} rule`;
  return undefined;
}

/**
 * Why a literal `name=value` setting (an env var, a setting) is a secret, or undefined: its name
 * says so and the value is a literal, or its value carries a secret whatever the name.
 */
export function literalSecretProblem(name: string, value: string): string | undefined {
  if (looksLikeSecretName(name) && isLiteralSecretValue(value)) return `"${name}" names a secret`;
  return secretLikeContent(value);
}

/**
 * Whether a ConfigMap key's NAME says it holds a secret. A file name (`auth.yaml`, `token.json`)
 * names a file whose content is checked line by line instead; a bare key (`password`,
 * `API_TOKEN`) is the secret itself.
 */
export function keyNamesSecret(key: string): boolean {
  return !FILE_EXTENSION.test(key) && looksLikeSecretName(key);
}

/** What secretlint's rules find, in words (its messages quote the secret, so they are never shown). */
const SECRETLINT_KINDS: Record<string, string> = {
  'aws': 'an AWS credential', 'gcp': 'a Google Cloud credential', 'privatekey': 'a private key', 'npm': 'an npm token',
  'basicauth': 'a URL with a user and password', 'slack': 'a Slack token or webhook', 'sendgrid': 'a SendGrid API key',
  'shopify': 'a Shopify token', 'github': 'a GitHub token', 'gitlab': 'a GitLab token', 'grafana': 'a Grafana token',
  'openai': 'an OpenAI API key', 'anthropic': 'an Anthropic API key', 'groq': 'a Groq API key', 'huggingface': 'a Hugging Face token',
  'linear': 'a Linear API key', 'notion': 'a Notion token', '1password': 'a 1Password secret', 'database-connection-string': 'a database connection string with its password',
  'hashicorp-vault': 'a HashiCorp Vault token', 'vercel': 'a Vercel token', 'databricks': 'a Databricks token', 'docker': 'a Docker Hub token', 'figma': 'a Figma token',
};

/** Extensions of configuration and text files (not `.key` or `.pem`, which are secrets themselves). */
const FILE_EXTENSION = /\.(ya?ml|json|conf|cfg|ini|properties|toml|xml|txt|hcl|tpl|tmpl|template|lua|js|py|sh|csv|md|html?|css|env)$/i;
