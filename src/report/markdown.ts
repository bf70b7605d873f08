import { formatAmount } from '../k8s/quota';
import { AppReport } from './model';

/** A node id Mermaid accepts (letters, digits, underscores). */
function mid(id: string, ids: Map<string, string>): string {
  let v = ids.get(id);
  if (!v) ids.set(id, v = `n${ids.size}`);
  return v;
}

/** Mermaid's text in a node or on an edge: quoted, without the characters that end it. */
function mtext(s: string): string {
  return `"${s.replace(/"/g, '#quot;').replace(/[<>]/g, '')}"`;
}

/** The topology as a Mermaid flowchart, namespaces as subgraphs. */
export function mermaidOf(r: AppReport): string {
  const ids = new Map<string, string>();
  const out = ['flowchart LR'];
  const shape = (n: AppReport['nodes'][number]) => {
    const text = mtext([n.label, ...n.detail].join(' · '));
    return n.kind === 'service' ? `${mid(n.id, ids)}([${text}])` : n.kind === 'peer' ? `${mid(n.id, ids)}{{${text}}}` : n.kind === 'proxy' ? `${mid(n.id, ids)}[/${text}/]` : `${mid(n.id, ids)}[${text}]`;
  };
  r.namespaces.forEach((ns, i) => {
    const inside = r.nodes.filter((n) => n.namespace === ns);
    if (!inside.length) return;
    out.push(`  subgraph ns${i}[${mtext(`namespace ${ns}`)}]`, ...inside.map((n) => `    ${shape(n)}`), '  end');
  });
  for (const n of r.nodes.filter((x) => !x.namespace || !r.namespaces.includes(x.namespace))) out.push(`  ${shape(n)}`);
  for (const e of r.edges) out.push(`  ${mid(e.from, ids)} -->|${mtext(e.label)}| ${mid(e.to, ids)}`);
  return out.join('\n');
}

function cell(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

/** The report as Markdown, for a pull-request comment or a job summary. */
export function reportMarkdown(r: AppReport): string {
  const out = [`## ${r.name}`, '', `${r.objects} objects; ${r.findings.length} findings; ${r.suppressions.length} suppressions.`, '', '```mermaid', mermaidOf(r), '```', ''];
  for (const u of r.quota) {
    out.push(`**Quota** of namespace ${u.namespace} (${u.quota}), claimed at once:`, '', '| resource | used | hard | |', '| --- | --- | --- | --- |');
    for (const l of u.lines) {
      const res = l.key === 'cpu' || l.key === 'memory' ? `requests.${l.key}` : l.key;
      const pct = l.hard > 0 ? Math.round(100 * l.used / l.hard) : 100;
      const blocks = Math.max(0, Math.min(10, Math.round(pct / 10)));
      out.push(`| ${cell(l.key)} | ${formatAmount(res, l.used)} | ${cell(l.hardText)} | ${'█'.repeat(blocks)}${'░'.repeat(10 - blocks)} ${pct}%${l.used > l.hard ? ' **over**' : ''} |`);
    }
    out.push('');
  }
  out.push('**Suppressions**', '');
  if (r.suppressions.length) out.push('| object | rule | reason |', '| --- | --- | --- |', ...r.suppressions.map((s) => `| ${cell(s.object)} | \`${s.rule}\` | ${cell(s.reason)} |`));
  else out.push('None.');
  out.push('', '**Findings**', '');
  if (r.findings.length) out.push(...r.findings.map((f) => `- [${f.severity}] \`${f.rule}\` ${f.kind}/${f.name} at \`${f.path}\`: ${f.message}`));
  else out.push('None.');
  out.push('', '**Patterns each workload holds**', '', '| workload | patterns |', '| --- | --- |', ...r.patterns.map((p) => `| ${cell(p.object)} | ${p.patterns.join(', ')} |`), '');
  return out.join('\n');
}
