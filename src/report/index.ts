export { appReport } from './model';
export type { AppReport, TopologyNode, TopologyEdge, NodeKind } from './model';
export { reportHtml, layout } from './html';
export type { LaidOut } from './html';
export { reportMarkdown, mermaidOf } from './markdown';
