import type { IncomingHttpHeaders } from 'node:http';
import type { DeviceRegistry } from './registry.js';

export type AuthResult =
  | { ok: true; vehicleId: string }
  | { ok: false; status: 401 | 403; error: 'unauthenticated' | 'forbidden'; message: string };

const BEARER = /^Bearer ([A-Za-z0-9._~+/-]+=*)$/;

function forbidden(message: string): AuthResult {
  return { ok: false, status: 403, error: 'forbidden', message };
}

/** The vehicle comes from its credential only, never from the body. */
export function authenticate(headers: IncomingHttpHeaders, registry: DeviceRegistry): AuthResult {
  const header = headers.authorization;
  if (!header) {
    return { ok: false, status: 401, error: 'unauthenticated', message: 'No credentials: send "Authorization: Bearer <device token>".' };
  }
  const match = BEARER.exec(header.trim());
  if (!match) {
    return { ok: false, status: 401, error: 'unauthenticated', message: 'The Authorization header is not "Bearer <device token>".' };
  }
  const found = registry.lookup(match[1]!);
  switch (found.status) {
    case 'active':
      return { ok: true, vehicleId: found.vehicleId };
    case 'revoked':
      return forbidden(`The token of vehicle ${found.vehicleId} was revoked; ask the operator for a new one (telematics gateway add-device).`);
    case 'expired':
      return forbidden(`The token of vehicle ${found.vehicleId} was rotated out and its overlap window has ended; configure the new one (telematics gateway rotate-device).`);
    case 'replaced':
      return forbidden(`The token of vehicle ${found.vehicleId} was replaced: its new token is in use; configure the new one on this vehicle.`);
    default:
      return { ok: false, status: 401, error: 'unauthenticated', message: 'Unknown device token; check the token configured on the vehicle.' };
  }
}
