/** Produce latency buckets (seconds): from one linger period to the produce timeout. */
const LATENCY_BUCKETS_S = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** The gateway's counters, rendered in the Prometheus text format (0.0.4). */
export class GatewayMetrics {
  private readonly requestsByStatus = new Map<number, number>();
  positionsReceived = 0;
  positionsProduced = 0;
  positionsDuplicate = 0;
  inFlightRequests = 0;
  inFlightPositions = 0;
  private readonly latencyCounts = new Array<number>(LATENCY_BUCKETS_S.length).fill(0);
  private latencyCount = 0;
  private latencySumS = 0;

  countRequest(status: number): void {
    this.requestsByStatus.set(status, (this.requestsByStatus.get(status) ?? 0) + 1);
  }

  observeProduceLatency(ms: number): void {
    const s = ms / 1000;
    this.latencyCount++;
    this.latencySumS += s;
    for (let i = 0; i < LATENCY_BUCKETS_S.length; i++) if (s <= LATENCY_BUCKETS_S[i]!) this.latencyCounts[i]!++;
  }

  render(): string {
    const lines: string[] = [];
    const metric = (name: string, type: string, help: string) => lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
    metric('gateway_http_requests_total', 'counter', 'HTTP requests answered, by status code.');
    for (const [status, n] of [...this.requestsByStatus].sort((a, b) => a[0] - b[0])) {
      lines.push(`gateway_http_requests_total{status="${status}"} ${n}`);
    }
    metric('gateway_positions_received_total', 'counter', 'Positions in valid, authenticated batches.');
    lines.push(`gateway_positions_received_total ${this.positionsReceived}`);
    metric('gateway_positions_produced_total', 'counter', 'Positions acknowledged by Kafka (acks=all).');
    lines.push(`gateway_positions_produced_total ${this.positionsProduced}`);
    metric('gateway_positions_duplicate_total', 'counter', 'Positions dropped as already produced (resends).');
    lines.push(`gateway_positions_duplicate_total ${this.positionsDuplicate}`);
    metric('gateway_produce_latency_seconds', 'histogram', 'From handing a batch to the producer to Kafka acknowledging it.');
    LATENCY_BUCKETS_S.forEach((le, i) => lines.push(`gateway_produce_latency_seconds_bucket{le="${le}"} ${this.latencyCounts[i]}`));
    lines.push(`gateway_produce_latency_seconds_bucket{le="+Inf"} ${this.latencyCount}`);
    lines.push(`gateway_produce_latency_seconds_sum ${this.latencySumS}`);
    lines.push(`gateway_produce_latency_seconds_count ${this.latencyCount}`);
    metric('gateway_in_flight_requests', 'gauge', 'Requests being handled.');
    lines.push(`gateway_in_flight_requests ${this.inFlightRequests}`);
    metric('gateway_in_flight_positions', 'gauge', 'Positions handed to Kafka and not yet settled.');
    lines.push(`gateway_in_flight_positions ${this.inFlightPositions}`);
    return lines.join('\n') + '\n';
  }
}
