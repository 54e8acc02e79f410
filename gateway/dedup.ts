/** What the memory holds for one buffer epoch of one vehicle. */
interface EpochMemory {
  /** The lowest seq it knows produced: below it, it knows nothing (the epoch began before this process, or before the tail it re-read). */
  lowest: number;
  /** The highest seq Kafka acknowledged. */
  highest: number;
  /**
   * Seq ranges below `highest` that were never produced, lowest first: positions the gateway refused
   * or the agent had not sent yet (quarantined, then re-sent after a fix). A position in a gap is new.
   */
  gaps: [from: number, to: number][];
}

/**
 * Per-vehicle memory of what was produced: for each of the vehicle's recent buffer epochs,
 * the range of seqs Kafka acknowledged and the gaps in it. A position in the range and in no
 * gap is a duplicate (a resend after a lost answer); one in a gap, or below the range, is new
 * (a position re-sent from the agent's quarantine: the agent sends in seq order, so nothing
 * else arrives below what was produced); a new epoch (the agent's buffer was replaced and its
 * seq starts again) is new. In-process only: see gateway/README.md for restarts and replicas.
 */
export class DedupMemory {
  /** vehicleId → (epoch → memory), epochs in least-recently-used order. */
  private readonly vehicles = new Map<string, Map<string, EpochMemory>>();

  constructor(
    private readonly epochsPerVehicle: number,
    /** Gaps kept per epoch; beyond it the lowest is forgotten (its positions then count as produced). */
    private readonly gapsPerEpoch = 32,
  ) {}

  highestSeq(vehicleId: string, epoch: string): number | undefined {
    return this.vehicles.get(vehicleId)?.get(epoch)?.highest;
  }

  /** For each seq: was it produced already? */
  alreadyProduced(vehicleId: string, epoch: string, seqs: readonly number[]): boolean[] {
    const memory = this.vehicles.get(vehicleId)?.get(epoch);
    if (!memory) return seqs.map(() => false);
    return seqs.map((seq) => seq >= memory.lowest && seq <= memory.highest && !memory.gaps.some(([from, to]) => seq >= from && seq <= to));
  }

  /** Record that Kafka acknowledged these seqs of this epoch (in the order they were produced). */
  markProduced(vehicleId: string, epoch: string, seqs: number | readonly number[]): void {
    let epochs = this.vehicles.get(vehicleId);
    if (!epochs) {
      epochs = new Map();
      this.vehicles.set(vehicleId, epochs);
    }
    const list = typeof seqs === 'number' ? [seqs] : seqs;
    if (list.length === 0) return;
    const memory = epochs.get(epoch) ?? { lowest: list[0]!, highest: list[0]!, gaps: [] };
    for (const seq of list) this.mark(memory, seq);
    epochs.delete(epoch);
    epochs.set(epoch, memory);
    while (epochs.size > this.epochsPerVehicle) epochs.delete(epochs.keys().next().value!);
  }

  get vehicleCount(): number {
    return this.vehicles.size;
  }

  private mark(memory: EpochMemory, seq: number): void {
    if (seq < memory.lowest) {
      if (seq < memory.lowest - 1) memory.gaps.unshift([seq + 1, memory.lowest - 1]);
      memory.lowest = seq;
      if (memory.gaps.length > this.gapsPerEpoch) memory.gaps.shift();
      return;
    }
    if (seq > memory.highest) {
      if (seq > memory.highest + 1) memory.gaps.push([memory.highest + 1, seq - 1]);
      memory.highest = seq;
      if (memory.gaps.length > this.gapsPerEpoch) memory.gaps.shift();
      return;
    }
    const i = memory.gaps.findIndex(([from, to]) => seq >= from && seq <= to);
    if (i < 0) return;
    const [from, to] = memory.gaps[i]!;
    const rest: [number, number][] = [];
    if (from < seq) rest.push([from, seq - 1]);
    if (seq < to) rest.push([seq + 1, to]);
    memory.gaps.splice(i, 1, ...rest);
    if (memory.gaps.length > this.gapsPerEpoch) memory.gaps.shift();
  }
}
