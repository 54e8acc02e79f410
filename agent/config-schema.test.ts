import { Ajv, type SchemaObject } from 'ajv';
import { describe, expect, it } from 'vitest';
import { AGENT_CONFIG_SCHEMA, AGENT_CONFIG_SECTIONS } from './config-schema.js';
import { DRIVING_EVENT_DEFAULTS } from './driving-events.js';
import { PLAUSIBILITY_FILTER_DEFAULTS } from './plausibility.js';
import { POSITION_BUFFER_DEFAULTS } from './position-buffer.js';
import { SAMPLER_DEFAULTS } from './sampler.js';
import { validateAgentConfig } from './config-validators.js';
import { schemaChecker } from './schema-problems.js';

const problemsOf = schemaChecker(validateAgentConfig);
import { AGENT_SETTINGS } from './settings.js';
import { UPLOADER_DEFAULTS } from './uploader.js';

/** Every object schema inside `schema`, with its path. */
function objectSchemas(schema: SchemaObject, path = ''): [string, SchemaObject][] {
  if (schema.type !== 'object') return [];
  const inner = Object.entries((schema.properties ?? {}) as Record<string, SchemaObject>).flatMap(([k, s]) => objectSchemas(s, `${path}/${k}`));
  return [[path || '/', schema], ...inner];
}

describe('the agent config schema', () => {
  it('knows every setting and every option of each section, derived from their defaults', () => {
    expect(Object.keys(AGENT_CONFIG_SCHEMA.properties)).toEqual([...Object.keys(AGENT_SETTINGS), 'plausibility', 'driving', 'sampler', 'buffer', 'uploader']);
    expect(Object.keys(AGENT_CONFIG_SECTIONS.plausibility.properties)).toEqual(Object.keys(PLAUSIBILITY_FILTER_DEFAULTS));
    expect(Object.keys(AGENT_CONFIG_SECTIONS.driving.properties)).toEqual(Object.keys(DRIVING_EVENT_DEFAULTS));
    expect(Object.keys(AGENT_CONFIG_SECTIONS.driving.properties.speedLimitByClass.properties)).toEqual(Object.keys(DRIVING_EVENT_DEFAULTS.speedLimitByClass));
    expect(Object.keys(AGENT_CONFIG_SECTIONS.sampler.properties)).toEqual(Object.keys(SAMPLER_DEFAULTS));
    expect(Object.keys(AGENT_CONFIG_SECTIONS.sampler.properties.moving.properties)).toEqual(Object.keys(SAMPLER_DEFAULTS.moving));
    expect(Object.keys(AGENT_CONFIG_SECTIONS.buffer.properties)).toEqual(Object.keys(POSITION_BUFFER_DEFAULTS));
    expect(Object.keys(AGENT_CONFIG_SECTIONS.uploader.properties)).toEqual(Object.keys(UPLOADER_DEFAULTS));
  });

  it('refuses unknown keys at every level', () => {
    const objects = objectSchemas(AGENT_CONFIG_SCHEMA);
    expect(objects.map(([path]) => path)).toEqual(['/', '/plausibility', '/driving', '/driving/speedLimitByClass', '/sampler', '/sampler/moving', '/sampler/stopped', '/buffer', '/uploader']);
    for (const [path, schema] of objects) expect(schema.additionalProperties, path).toBe(false);
  });

  it('is a valid draft-07 schema, strict (the agent skips this check at run time to save memory)', () => {
    const ajv = new Ajv({ strict: true });
    expect(ajv.validateSchema(AGENT_CONFIG_SCHEMA), JSON.stringify(ajv.errors)).toBe(true);
    expect(() => ajv.compile(AGENT_CONFIG_SCHEMA)).not.toThrow();
  });

  it('accepts the defaults themselves', () => {
    expect(problemsOf({ plausibility: PLAUSIBILITY_FILTER_DEFAULTS, driving: DRIVING_EVENT_DEFAULTS, sampler: SAMPLER_DEFAULTS, buffer: POSITION_BUFFER_DEFAULTS, uploader: UPLOADER_DEFAULTS })).toEqual([]);
  });

  it.each<[string, object, string[]]>([
    ['a negative duration', { uploader: { intervalMs: -1 } }, ['/uploader/intervalMs']],
    ['a zero wait that would spin', { uploader: { backoffInitialMs: 0 } }, ['/uploader/backoffInitialMs']],
    ['a batch larger than the gateway takes', { uploader: { batchMaxPositions: 1001 } }, ['/uploader/batchMaxPositions']],
    ['a fractional count', { buffer: { commitMaxRows: 2.5 } }, ['/buffer/commitMaxRows']],
    ['a negative speed limit', { plausibility: { maxSpeed: -1 } }, ['/plausibility/maxSpeed']],
    ['a fractional satellite count', { plausibility: { minUSat: 2.5 } }, ['/plausibility/minUSat']],
    ['a filter switch that is not a boolean', { plausibility: { rejectZeroIsland: 'yes' } }, ['/plausibility/rejectZeroIsland']],
    ['a vehicle class with no speed limit of its own', { driving: { vehicleClass: 'tractor' } }, ['/driving/vehicleClass']],
    ['a speed limit for a class the detector does not know', { driving: { speedLimitByClass: { tractor: 20 } } }, ['/driving/speedLimitByClass/tractor']],
    ['a negative harsh-braking threshold', { driving: { harshBraking: -3 } }, ['/driving/harshBraking']],
    ['a zero comparison window (a division by no time)', { driving: { windowMs: 0 } }, ['/driving/windowMs']],
    ['an encoding the uploader does not speak', { uploader: { encoding: 'protobuf' } }, ['/uploader/encoding']],
    ['a port out of range', { metricsPort: 0 }, ['/metricsPort']],
    ['a baud rate that is not a serial rate', { baud: 1234 }, ['/baud']],
    ['a vehicle id the gateway would refuse', { vehicleId: '../etc' }, ['/vehicleId']],
  ])('refuses %s', (_name, config, paths) => {
    expect(problemsOf(config).map((p) => p.path)).toEqual(paths);
  });
});
