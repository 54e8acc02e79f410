import type { ErrorObject } from 'ajv';

/**
 * Says every problem a JSON Schema validator found in a value, not only the first, each at its
 * JSON Pointer and in words a technician can act on. The validators are ajv's, compiled ahead
 * of time (config-validators.ts), so the agent does not load ajv to check its config.
 */

/** One thing wrong with a value: `path` is its JSON Pointer (`/uploader/batchMaxPositions`), `problem` what is wrong. */
export interface SchemaProblem {
  path: string;
  problem: string;
}

/** An ajv validator (compiled with allErrors and verbose): true, or false with its errors. */
export interface CompiledValidator {
  (value: unknown): boolean;
  errors?: ErrorObject[] | null;
}

/** A checker that returns everything `validate` finds wrong with a value. */
export function schemaChecker(validate: CompiledValidator): (value: unknown) => SchemaProblem[] {
  return (value) => (validate(value) ? [] : (validate.errors ?? []).map(describeError));
}

/** The top-level key a problem is about ('' for the value as a whole). */
export function topLevelKey(p: SchemaProblem): string {
  return p.path.split('/')[1] ?? '';
}

function describeError(e: ErrorObject): SchemaProblem {
  const got = `, got ${JSON.stringify(e.data)}`;
  const params = e.params as Record<string, unknown>;
  const at = (problem: string): SchemaProblem => ({ path: e.instancePath, problem });
  switch (e.keyword) {
    case 'additionalProperties': {
      const known = Object.keys((e.parentSchema?.properties ?? {}) as object).join(', ');
      return { path: `${e.instancePath}/${String(params.additionalProperty)}`, problem: `unknown key (known here: ${known})` };
    }
    case 'type':
      return at(`must be ${/^[aeiou]/.test(String(params.type)) ? 'an' : 'a'} ${String(params.type)}${got}`);
    case 'enum':
      return at(`must be one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}${got}`);
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return at(`must be ${String(params.comparison)} ${String(params.limit)}${got}`);
    case 'pattern':
      // The schema's description says the pattern in words (e.g. the vehicle id rule).
      return at(`must be ${String(e.parentSchema?.description ?? `text matching ${String(params.pattern)}`)}${got}`);
    case 'minLength':
      return at('must not be empty');
    default:
      return at(`${e.message ?? e.keyword}${got}`);
  }
}
