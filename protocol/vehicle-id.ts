/**
 * A vehicle's id: what `telematics gateway add-device` registers, what the agent is configured
 * with, and the key of its Kafka records. Both sides check it with this one pattern.
 */
export const VEHICLE_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/;

/** The pattern in words, for error messages. */
export const VEHICLE_ID_RULE = '1–64 of letters, digits, . _ : - (starting with a letter or digit)';

/** The id of a numbered vehicle in a fleet: PREFIX-00001, PREFIX-00002, … (simulated trucks, `gateway add-devices --count`). */
export function numberedVehicleId(prefix: string, number: number): string {
  return `${prefix}-${String(number).padStart(5, '0')}`;
}
