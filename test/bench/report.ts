import { cpus, loadavg, totalmem } from 'node:os';
import type { Durability } from './workloads';

/** The one table `npm run bench` prints, with its header and notes. */

export interface Target {
  op: '≥' | '<';
  value: number;
}

export interface Row {
  workload: string;
  unit: string;
  ours: number | null;
  peer?: number | null;
  limit?: number | null;
  target?: Target;
  /** Digits after the decimal point (latencies: 1). */
  digits?: number;
}

export interface ReportHeader {
  sizes: string;
  runs: number;
  durability: { ours: Durability; oursReadModels: Durability; peer: Durability; limit: Durability };
  startedAt: Date;
  seconds: number;
  loadAtStart: number[];
}

const formatNumber = (value: number | null | undefined, digits = 0): string =>
  value === null || value === undefined || Number.isNaN(value)
    ? '—'
    : value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

const ratio = (a: number | null | undefined, b: number | null | undefined): string =>
  a === null || a === undefined || b === null || b === undefined || b === 0 || Number.isNaN(a) || Number.isNaN(b)
    ? '—'
    : `${(a / b).toFixed(a / b >= 10 ? 0 : 2)}×`;

export function targetMet(value: number | null, target: Target | undefined): string {
  if (!target) return '';
  if (value === null || Number.isNaN(value)) return 'n/a';
  return (target.op === '≥' ? value >= target.value : value < target.value) ? 'yes' : 'NO';
}

function table(rows: readonly Row[]): string {
  const header = ['workload', 'ours', 'peer', 'limit', 'ours/peer', 'ours/limit', 'target', 'met?'];
  const lines = rows.map((row) => [
    `${row.workload} (${row.unit})`,
    formatNumber(row.ours, row.digits),
    formatNumber(row.peer, row.digits),
    formatNumber(row.limit, row.digits),
    ratio(row.ours, row.peer),
    ratio(row.ours, row.limit),
    row.target ? `${row.target.op} ${formatNumber(row.target.value, row.digits)}` : '',
    targetMet(row.ours, row.target),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((cells) => cells[i].length)));
  const render = (cells: readonly string[]) =>
    `| ${cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join(' | ')} |`;
  const rule = `|${widths.map((w, i) => (i === 0 ? `:${'-'.repeat(w + 1)}` : `${'-'.repeat(w + 1)}:`)).join('|')}|`;
  return [render(header), rule, ...lines.map(render)].join('\n');
}

const durability = (d: Durability) => `journal_mode=${d.journalMode}, synchronous=${d.synchronous}`;

export function renderReport(header: ReportHeader, rows: readonly Row[], notes: readonly string[]): string {
  const cpu = cpus()[0]?.model.trim() ?? 'unknown CPU';
  const lines = [
    '',
    `Stadtteil Ledger benchmarks — ${header.startedAt.toISOString()}`,
    `machine: ${cpus().length} cores (${cpu}), ${Math.round(totalmem() / 2 ** 30)} GiB RAM, Node ${process.version}, ` +
      `load average at start ${header.loadAtStart.map((l) => l.toFixed(2)).join(' ')}`,
    `durability: ours ${durability(header.durability.ours)} (read models ${durability(header.durability.oursReadModels)}); ` +
      `peer ${durability(header.durability.peer)}; limit ${durability(header.durability.limit)}`,
    `sizes: ${header.sizes}; median of ${header.runs} runs after one warm-up run; total ${Math.round(header.seconds)} s`,
    '',
    table(rows),
    '',
    ...notes.map((note) => `- ${note}`),
    '',
  ];
  return lines.join('\n');
}

export const currentLoad = (): number[] => loadavg();
