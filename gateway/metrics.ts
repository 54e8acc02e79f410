import { Counter, Gauge, Histogram, Registry } from 'prom-client';

/** Produce latency buckets (seconds): from one linger period to the produce timeout. */
const LATENCY_BUCKETS_S = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/**
 * One gateway's metrics, in a registry of its own (several gateways can share a process).
 * The in-flight counts are plain numbers because admission control reads them on every request.
 */
export class GatewayMetrics {
  readonly registry = new Registry();
  inFlightRequests = 0;
  inFlightPositions = 0;
  private readonly registers = [this.registry];
  readonly requests = new Counter({ name: 'gateway_http_requests_total', help: 'HTTP requests answered, by status code.', labelNames: ['status'], registers: this.registers });
  readonly positionsReceived = new Counter({ name: 'gateway_positions_received_total', help: 'Positions in valid, authenticated batches.', registers: this.registers });
  readonly positionsProduced = new Counter({ name: 'gateway_positions_produced_total', help: 'Positions acknowledged by Kafka (acks=all).', registers: this.registers });
  readonly positionsDuplicate = new Counter({ name: 'gateway_positions_duplicate_total', help: 'Positions dropped as already produced (resends).', registers: this.registers });
  readonly positionsSuspect = new Counter({
    name: 'gateway_positions_suspect_total',
    help: 'Positions produced with a suspect flag (implausible or clock-disagreeing, never refused), by reason.',
    labelNames: ['reason'],
    registers: this.registers,
  });
  readonly drivingEventsReceived = new Counter({
    name: 'gateway_driving_events_received_total',
    help: 'Records that are driving events (counted in the positions received too; produced to the events topic), by kind.',
    labelNames: ['kind'],
    registers: this.registers,
  });
  readonly produceLatency = new Histogram({
    name: 'gateway_produce_latency_seconds',
    help: 'From handing a batch to the producer to Kafka acknowledging it.',
    buckets: LATENCY_BUCKETS_S,
    registers: this.registers,
  });

  constructor() {
    const metrics = this;
    new Gauge({
      name: 'gateway_in_flight_requests',
      help: 'Requests being handled.',
      registers: this.registers,
      collect() {
        this.set(metrics.inFlightRequests);
      },
    });
    new Gauge({
      name: 'gateway_in_flight_positions',
      help: 'Positions handed to Kafka and not yet settled.',
      registers: this.registers,
      collect() {
        this.set(metrics.inFlightPositions);
      },
    });
  }
}
