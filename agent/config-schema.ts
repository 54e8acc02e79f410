import type { SchemaObject } from 'ajv';
import { MAX_BATCH_POSITIONS } from '../protocol/upload-contract.js';
import { DRIVING_EVENT_DEFAULTS } from './driving-events.js';
import { PLAUSIBILITY_FILTER_DEFAULTS } from './plausibility.js';
import { POSITION_BUFFER_DEFAULTS } from './position-buffer.js';
import { SAMPLER_DEFAULTS } from './sampler.js';
import { AGENT_SETTINGS, DIAG_SETTINGS, QUARANTINE_SETTINGS, type Setting } from './settings.js';
import { UPLOADER_DEFAULTS } from './uploader.js';

/**
 * The one JSON Schema of the agent's configuration (the config file; flags and environment
 * variables are checked against it too). Its top level is the declared settings
 * (agent/settings.ts); its sections are derived from the defaults of the parts they configure,
 * so a new option is known, typed and documented by adding it to its *_DEFAULTS.
 * Unknown keys are an error at every level.
 */

/** Schema refinements for options whose default alone does not say enough (counts, enumerations, positive waits). */
type Refinements = Record<string, SchemaObject>;

const positive = { exclusiveMinimum: 0 };
const count = (minimum: number): SchemaObject => ({ type: 'integer', minimum });

/**
 * The schema of an options object, from its defaults: every key, typed as its default (every
 * number in the *_DEFAULTS is a non-negative quantity: a duration, a count, a distance, a
 * speed), nested objects alike; `refine` adds to a key's schema.
 */
export function schemaFromDefaults(defaults: object, refine: Refinements = {}): SchemaObject {
  const properties: Record<string, SchemaObject> = {};
  for (const [key, value] of Object.entries(defaults)) {
    const schema = { ...schemaOfDefault(value), ...refine[key] };
    // A refined lower bound replaces the derived one (one problem per value, not two).
    if (refine[key]?.exclusiveMinimum !== undefined) delete schema.minimum;
    properties[key] = schema;
  }
  return { type: 'object', additionalProperties: false, properties };
}

function schemaOfDefault(value: unknown): SchemaObject {
  switch (typeof value) {
    case 'number':
      return { type: 'number', minimum: 0, default: value };
    case 'boolean':
      return { type: 'boolean', default: value };
    case 'string':
      return { type: 'string', default: value };
    case 'object':
      if (value !== null && !Array.isArray(value)) return schemaFromDefaults(value);
  }
  throw new Error(`no schema for a default of ${JSON.stringify(value)}`);
}

/** The parts a config file configures, each by its defaults. */
export const AGENT_CONFIG_SECTIONS = {
  plausibility: schemaFromDefaults(PLAUSIBILITY_FILTER_DEFAULTS, { jumpResetAfterFixes: count(0), minUSat: count(0) }),
  driving: schemaFromDefaults(DRIVING_EVENT_DEFAULTS, {
    vehicleClass: { enum: ['', ...Object.keys(DRIVING_EVENT_DEFAULTS.speedLimitByClass)] },
    windowMs: positive,
    trailPeriodMs: positive,
  }),
  sampler: schemaFromDefaults(SAMPLER_DEFAULTS),
  buffer: schemaFromDefaults(POSITION_BUFFER_DEFAULTS, {
    commitMaxRows: count(1),
    maxRows: count(1),
    maxBytes: count(0),
    memoryQueueMaxRows: count(0),
    maxPageCount: count(0),
    walSizeLimitBytes: count(0),
  }),
  uploader: schemaFromDefaults(UPLOADER_DEFAULTS, {
    batchMaxPositions: { ...count(1), maximum: MAX_BATCH_POSITIONS },
    intervalMs: positive,
    requestTimeoutMs: positive,
    backoffInitialMs: positive,
    backoffMaxMs: positive,
    authBackoffMs: positive,
    encoding: { type: 'string', enum: ['binary', 'json'] },
  }),
};

/** The schema of flat settings (no sections): for the diag command's flags. */
export function schemaOfSettings(settings: Record<string, Setting>): SchemaObject {
  return { type: 'object', additionalProperties: false, properties: Object.fromEntries(Object.entries(settings).map(([key, s]) => [key, s.schema])) };
}

export const AGENT_CONFIG_SCHEMA: SchemaObject = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  title: 'telematics agent configuration',
  type: 'object',
  additionalProperties: false,
  properties: { ...schemaOfSettings(AGENT_SETTINGS).properties, ...AGENT_CONFIG_SECTIONS },
};

/** The schema of `diag`'s flags and environment. */
export const DIAG_SETTINGS_SCHEMA: SchemaObject = schemaOfSettings(DIAG_SETTINGS);

/** The schema of `agent quarantine`'s flags and environment. */
export const QUARANTINE_SETTINGS_SCHEMA: SchemaObject = schemaOfSettings(QUARANTINE_SETTINGS);
