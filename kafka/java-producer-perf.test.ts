import { describe, expect, it } from 'vitest';
import { parseProducerPerfOutput } from './java-producer-perf.js';

// ProducerPerformance's output (Kafka 4.4.0 kafka-tools), as printed in a run against the local broker.
const OUTPUT = `Reading payloads from: /tmp/pp-payloads.txt
Number of records read: 1000
Warmup first 100000 records. Steady state results will print after the complete test summary.
In steady state.
132908 records sent, 26370.6 records/sec (5.59 MB/sec), 2213.5 ms avg latency, 4040.0 ms max latency.
500000 records sent, 29303.170603 records/sec (6.21 MB/sec), 1489.01 ms avg latency, 4375.00 ms max latency, 957 ms 50th, 3559 ms 95th, 3902 ms 99th, 4140 ms 99.9th.
400000 steady state records sent, 29353.489396 records/sec (6.22 MB/sec), 1137.16 ms avg latency, 4040.00 ms max latency, 641 ms 50th, 3270 ms 95th, 3757 ms 99th, 3967 ms 99.9th.
`;

describe('parseProducerPerfOutput', () => {
  it('reads the total and steady-state summaries, not the interval lines', () => {
    expect(parseProducerPerfOutput(OUTPUT)).toEqual({
      total: { records: 500000, recordsPerS: 29303.170603, mbPerS: 6.21, avgLatencyMs: 1489.01, maxLatencyMs: 4375, p50Ms: 957, p95Ms: 3559, p99Ms: 3902 },
      steadyState: { records: 400000, recordsPerS: 29353.489396, mbPerS: 6.22, avgLatencyMs: 1137.16, maxLatencyMs: 4040, p50Ms: 641, p95Ms: 3270, p99Ms: 3757 },
    });
  });

  it('finds nothing in output without a summary (a failed run)', () => {
    expect(parseProducerPerfOutput('Exception in thread "main" org.apache.kafka.common.errors.TimeoutException\n')).toEqual({});
  });
});
