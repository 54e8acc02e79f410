import { Ajv, type ErrorObject, type SchemaObject } from 'ajv';

/**
 * Checks a value against a JSON Schema with ajv and says every problem, not only the first,
 * each at its JSON Pointer and in words a technician can act on.
 */

/** One thing wrong with a value: `path` is its JSON Pointer (`/uploader/batchMaxPositions`), `problem` what is wrong. */
export interface SchemaProblem {
  path: string;
  problem: string;
}

/**
 * A checker for `schema` that returns everything wrong with a value. It holds its own compiled
 * validator: a caller that checks once at start (the agent's config) lets it all be collected.
 */
export function schemaChecker(schema: SchemaObject): (value: unknown) => SchemaProblem[] {
  // validateSchema off: checking a schema against its meta-schema compiles the meta-schema too,
  // ~8 MB of RSS on the truck, for schemas that are constants of the code (their tests check them).
  const validate = new Ajv({ allErrors: true, verbose: true, strict: true, validateSchema: false }).compile(schema);
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
