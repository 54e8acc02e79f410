import http from 'node:http';
import type { Duplex } from 'node:stream';

/** Fleet-wide network state the simulator flips for `gateway-down` faults. */
export interface FleetNetwork {
  gatewayDown: boolean;
}

export const NO_COVERAGE_MESSAGE = 'connect ENETUNREACH (simulated: no cellular coverage)';
export const GATEWAY_DOWN_MESSAGE = 'connect ECONNREFUSED (simulated: gateway unreachable)';

/**
 * One truck's cellular link: a keep-alive HTTP agent (one socket, like the agent's own)
 * whose connections fail while the truck is out of coverage or the gateway is
 * unreachable. Losing the link also cuts the connection in use, as a real modem does,
 * so a request in flight fails and the real uploader's retry/backoff takes over.
 */
export class TruckNetwork extends http.Agent {
  private coverageLost = false;

  constructor(private readonly fleet: FleetNetwork) {
    super({ keepAlive: true, maxSockets: 1 });
  }

  setCoverage(covered: boolean): void {
    if (covered === !this.coverageLost) return;
    this.coverageLost = !covered;
    if (!covered) this.cut();
  }

  get covered(): boolean {
    return !this.coverageLost;
  }

  /** Drops every connection (coverage lost, gateway gone, agent process restarted). */
  cut(): void {
    this.destroy();
  }

  override createConnection(options: http.ClientRequestArgs, callback?: (err: Error | null, stream: Duplex) => void): Duplex | null | undefined {
    const failure = this.coverageLost ? ['ENETUNREACH', NO_COVERAGE_MESSAGE] : this.fleet.gatewayDown ? ['ECONNREFUSED', GATEWAY_DOWN_MESSAGE] : undefined;
    if (!failure) return super.createConnection(options, callback);
    const err = Object.assign(new Error(failure[1]), { code: failure[0] });
    process.nextTick(() => callback?.(err, undefined as unknown as Duplex));
    return undefined;
  }
}

/** Error kinds for the live view and report, from a failed upload attempt. */
export function errorKind(attempt: { status?: number; error?: string } | undefined): string {
  if (!attempt) return 'unknown';
  if (attempt.status !== undefined) return `http-${attempt.status}`;
  const e = attempt.error ?? '';
  if (e.includes('simulated: no cellular coverage')) return 'no-coverage';
  if (e.includes('simulated: gateway unreachable')) return 'gateway-unreachable';
  if (e.startsWith('no answer within')) return 'timeout';
  if (e.includes('ECONNREFUSED')) return 'connection-refused';
  if (e.includes('ECONNRESET') || e.includes('socket hang up')) return 'connection-reset';
  return 'network';
}
