import { UserError } from '../common/errors.js';
import { formatIsoTimeMs } from '../protocol/iso-time.js';
import { loadQuarantineOptions, type FlagValues } from './config.js';
import { readQuarantine, resendQuarantined, type QuarantinedBatch } from './position-buffer.js';

/**
 * `telematics agent quarantine list|resend`: what the gateway refused, and sending it again once
 * the cause is fixed. A refusal (400) is a bug signal now that the agent checks every position the
 * way the gateway does before it records it (protocol/position-rules.ts). Documented in agent/README.md.
 */
export const QUARANTINE_ACTIONS = ['list', 'resend'] as const;
export type QuarantineAction = (typeof QUARANTINE_ACTIONS)[number];

/** `list --json`: one document. */
export interface QuarantineList {
  db: string;
  epoch: string;
  batches: (Omit<QuarantinedBatch, 'atMs' | 'positions'> & { at: string; firstTime: string | null; lastTime: string | null })[];
}

export function quarantineList(db: string): QuarantineList {
  const { epoch, batches } = readQuarantine(db);
  return {
    db,
    epoch,
    batches: batches.map(({ atMs, positions, ...rest }) => ({
      ...rest,
      at: formatIsoTimeMs(atMs),
      firstTime: positions.length > 0 ? formatIsoTimeMs(positions[0]!.timeMs) : null,
      lastTime: positions.length > 0 ? formatIsoTimeMs(positions[positions.length - 1]!.timeMs) : null,
    })),
  };
}

export function formatQuarantineList(list: QuarantineList): string {
  if (list.batches.length === 0) return `quarantine of ${list.db} is empty\n`;
  const lines = list.batches.map(
    (b) => `#${b.id}  ${b.at}  seq ${b.firstSeq}…${b.lastSeq} (${b.count} positions, ${b.firstTime} … ${b.lastTime})  HTTP ${b.httpStatus ?? '-'}: ${b.error.replace(/\s+/g, ' ').slice(0, 300)}`,
  );
  const total = list.batches.reduce((n, b) => n + b.count, 0);
  return `${lines.join('\n')}\n${list.batches.length} batch(es), ${total} positions in quarantine (epoch ${list.epoch}); after the fix: telematics agent quarantine resend --db ${list.db}\n`;
}

export async function runQuarantineCommand(action: string, flags: FlagValues): Promise<void> {
  if (!(QUARANTINE_ACTIONS as readonly string[]).includes(action)) throw new UserError(`unknown quarantine action "${action}"`, `use one of: ${QUARANTINE_ACTIONS.join(', ')}`, 2);
  const options = loadQuarantineOptions(flags, process.env);
  if (action === 'list') {
    const list = quarantineList(options.db);
    process.stdout.write(options.json ? JSON.stringify(list, null, 2) + '\n' : formatQuarantineList(list));
    return;
  }
  const moved = resendQuarantined(options.db, options.batch === undefined ? undefined : [options.batch]);
  if (options.batch !== undefined && moved.batches === 0) throw new UserError(`no quarantined batch #${options.batch} in ${options.db}`, 'see the ids with telematics agent quarantine list', 2);
  process.stdout.write(`${moved.positions} positions of ${moved.batches} batch(es) back in the send queue of ${options.db}, with their seq and epoch\n`);
}
