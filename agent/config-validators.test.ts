import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import standaloneCode from 'ajv/dist/standalone/index.js';
import { describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../common/paths.js';
import { AGENT_CONFIG_SCHEMA, DIAG_SETTINGS_SCHEMA, QUARANTINE_SETTINGS_SCHEMA } from './config-schema.js';

const FILE = join(PACKAGE_ROOT, 'agent', 'config-validators.ts');

/**
 * The source of config-validators.ts: the agent's schemas compiled by ajv to standalone code
 * (every problem reported, with its schema and data). The agent then checks its config without
 * loading ajv and compiling at start: ~6–9 MiB of RSS and up to half a second on a Pi.
 * `unicode: false`: lengths in UTF-16 units, so the code needs none of ajv's run-time helpers
 * (the only length rule is "not empty"); `logger: false` hides that option's deprecation notice.
 */
function configValidatorsSource(): string {
  const ajv = new Ajv({ allErrors: true, verbose: true, strict: true, unicode: false, logger: false, code: { source: true, esm: true, lines: true } });
  ajv.addSchema(AGENT_CONFIG_SCHEMA, 'agent-config');
  ajv.addSchema(DIAG_SETTINGS_SCHEMA, 'diag-settings');
  ajv.addSchema(QUARANTINE_SETTINGS_SCHEMA, 'quarantine-settings');
  const code = standaloneCode(ajv, { validateAgentConfig: 'agent-config', validateDiagSettings: 'diag-settings', validateQuarantineSettings: 'quarantine-settings' });
  return [
    '// @ts-nocheck',
    '// Generated from agent/config-schema.ts by agent/config-validators.test.ts (ajv standalone code): do not edit.',
    '// Rewrite it with: TELEMATICS_WRITE_GENERATED=1 npx vitest run agent/config-validators.test.ts',
    code,
    '',
  ].join('\n');
}

describe('the precompiled config validators', () => {
  it('are generated from the current schemas, with no run-time import (TELEMATICS_WRITE_GENERATED=1 rewrites them)', () => {
    const fresh = configValidatorsSource();
    if (process.env.TELEMATICS_WRITE_GENERATED === '1') writeFileSync(FILE, fresh);
    expect(readFileSync(FILE, 'utf8'), 'agent/config-validators.ts is stale: rerun this test with TELEMATICS_WRITE_GENERATED=1').toBe(fresh);
    expect(fresh).not.toMatch(/\brequire\(|^import /m);
  });
});
