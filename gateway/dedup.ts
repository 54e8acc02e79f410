/**
 * Per-vehicle memory of what was produced: for each of the vehicle's recent buffer
 * epochs, the highest seq Kafka acknowledged. Positions at or below it are duplicates
 * (a resend after a lost answer); a new epoch (the agent's buffer was replaced and
 * its seq starts again) is not. In-process only: see gateway/README.md for restarts
 * and replicas.
 */
export class DedupMemory {
  /** vehicleId → (epoch → highest produced seq), epochs in least-recently-used order. */
  private readonly vehicles = new Map<string, Map<string, number>>();

  constructor(private readonly epochsPerVehicle: number) {}

  highestSeq(vehicleId: string, epoch: string): number | undefined {
    return this.vehicles.get(vehicleId)?.get(epoch);
  }

  /** How many leading positions (seq ascending) were already produced. */
  duplicatePrefix(vehicleId: string, epoch: string, seqs: readonly number[]): number {
    const highest = this.highestSeq(vehicleId, epoch);
    if (highest === undefined) return 0;
    let n = 0;
    while (n < seqs.length && seqs[n]! <= highest) n++;
    return n;
  }

  /** Record that Kafka acknowledged everything up to `seq` in this epoch. */
  markProduced(vehicleId: string, epoch: string, seq: number): void {
    let epochs = this.vehicles.get(vehicleId);
    if (!epochs) {
      epochs = new Map();
      this.vehicles.set(vehicleId, epochs);
    }
    const previous = epochs.get(epoch);
    epochs.delete(epoch);
    epochs.set(epoch, Math.max(seq, previous ?? seq));
    while (epochs.size > this.epochsPerVehicle) epochs.delete(epochs.keys().next().value!);
  }

  get vehicleCount(): number {
    return this.vehicles.size;
  }
}
