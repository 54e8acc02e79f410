/**
 * Where a process's CPU time went, from a V8 CPU profile (`node --cpu-prof`, which
 * `bench/gateway/run.js --profile-dir DIR` turns on for the gateway): self time by origin
 * (kafkajs, the project's folders, other packages, Node's internals, GC), the time spent
 * anywhere under kafkajs frames, and the functions with the most self time.
 *
 *   node dist/bench/gateway/profile-summary.js FILE.cpuprofile [--top 25] [--json]
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}

interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}

export interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

export interface FunctionCost {
  name: string;
  origin: string;
  location: string;
  selfMs: number;
  /** Share of the busy (not idle) time. */
  share: number;
}

export interface ProfileSummary {
  wallMs: number;
  busyMs: number;
  /** Main thread waiting for events (the rest of the wall time is busy or unsampled). */
  idleMs: number;
  /** Self time by origin, ms. */
  byOrigin: Record<string, number>;
  /** Samples with a kafkajs frame anywhere on the stack, ms: kafkajs and what it calls. */
  underKafkajsMs: number;
  top: FunctionCost[];
}

/** kafkajs, a package, a project folder (dist/<folder>), Node's internals, or V8's own pseudo-frames. */
export function originOf(frame: CallFrame): string {
  const { url, functionName } = frame;
  if (!url) return functionName.startsWith('(') ? functionName : 'native (V8 builtins, bindings)';
  if (url.startsWith('node:')) return 'node internals';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url);
  if (pkg) return pkg[1]!;
  const project = /\/dist\/([^/]+)\//.exec(url);
  if (project) return `project: ${project[1]}/`;
  return 'other';
}

export function summarizeProfile(profile: CpuProfile, topN = 25): ProfileSummary {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const kafkajsBelow = new Map<number, boolean>();
  const underKafkajs = (id: number): boolean => {
    const known = kafkajsBelow.get(id);
    if (known !== undefined) return known;
    const node = byId.get(id)!;
    const up = parent.get(id);
    const result = originOf(node.callFrame) === 'kafkajs' || (up !== undefined && underKafkajs(up));
    kafkajsBelow.set(id, result);
    return result;
  };

  // timeDeltas[i + 1] is the time from sample i to the next: the time sample i stands for.
  const selfUs = new Map<number, number>();
  let underKafkajsUs = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    const id = profile.samples[i]!;
    const us = profile.timeDeltas[i + 1] ?? 0;
    selfUs.set(id, (selfUs.get(id) ?? 0) + us);
    if (underKafkajs(id)) underKafkajsUs += us;
  }

  const byOrigin: Record<string, number> = {};
  const byFunction = new Map<string, FunctionCost>();
  let idleUs = 0;
  for (const [id, us] of selfUs) {
    const frame = byId.get(id)!.callFrame;
    const origin = originOf(frame);
    if (origin === '(idle)') {
      idleUs += us;
      continue;
    }
    byOrigin[origin] = (byOrigin[origin] ?? 0) + us / 1000;
    const location = frame.url ? `${frame.url.replace(/^file:\/\/.*?\/(dist|node_modules)\//, '$1/')}:${frame.lineNumber + 1}` : '';
    const key = `${frame.functionName}@${location}`;
    const cost = byFunction.get(key) ?? { name: frame.functionName || '(anonymous)', origin, location, selfMs: 0, share: 0 };
    cost.selfMs += us / 1000;
    byFunction.set(key, cost);
  }
  const wallMs = (profile.endTime - profile.startTime) / 1000;
  const busyMs = Object.values(byOrigin).reduce((a, b) => a + b, 0);
  const top = [...byFunction.values()].sort((a, b) => b.selfMs - a.selfMs).slice(0, topN);
  for (const f of top) f.share = f.selfMs / busyMs;
  return { wallMs, busyMs, idleMs: idleUs / 1000, byOrigin, underKafkajsMs: underKafkajsUs / 1000, top };
}

export function formatSummary(s: ProfileSummary): string {
  const pct = (ms: number) => `${((100 * ms) / s.busyMs).toFixed(1)} %`;
  const lines = [
    `profile: ${(s.wallMs / 1000).toFixed(1)} s of wall time, ${(s.busyMs / 1000).toFixed(1)} s busy on the main thread (${((100 * s.busyMs) / s.wallMs).toFixed(0)} %), ${(s.idleMs / 1000).toFixed(1)} s idle`,
    `self time by origin (share of busy time):`,
    ...Object.entries(s.byOrigin)
      .sort(([, a], [, b]) => b - a)
      .map(([origin, ms]) => `  ${pct(ms).padStart(7)}  ${origin}`),
    `under kafkajs frames (kafkajs and everything it calls): ${pct(s.underKafkajsMs)}`,
    `top ${s.top.length} functions by self time:`,
    ...s.top.map((f) => `  ${pct(f.selfMs).padStart(7)}  ${f.name}  [${f.origin}] ${f.location}`),
  ];
  return lines.join('\n') + '\n';
}

function main(): void {
  const args = process.argv.slice(2);
  const file = args.find((a) => !a.startsWith('--'));
  const topIndex = args.indexOf('--top');
  if (!file) {
    process.stderr.write('usage: profile-summary.js FILE.cpuprofile [--top N] [--json]\n');
    process.exit(2);
  }
  const summary = summarizeProfile(JSON.parse(readFileSync(file, 'utf8')) as CpuProfile, topIndex >= 0 ? Number(args[topIndex + 1]) : 25);
  process.stdout.write(args.includes('--json') ? JSON.stringify(summary) + '\n' : formatSummary(summary));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) main();
