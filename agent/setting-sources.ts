import type { SchemaObject } from 'ajv';
import type { Argv } from 'yargs';
import type { Setting } from './settings.js';

/**
 * How the entry points read the declared settings (agent/settings.ts): as flags (yargs for
 * `telematics`, node:util parseArgs for the lean main.js) and environment variables. Both are
 * text; each value is read by its setting's schema type, and what cannot be read stays text
 * for the schema to report with its name.
 */
export type Settings = Record<string, Setting>;

/** Values by setting key; absent when not given. */
export type SettingValues = Record<string, unknown>;

/** Where a value came from, for error messages: `--flag`, `ENV_VAR`. */
export type SettingOrigin = 'flag' | 'env';

function isSwitch(setting: Setting): boolean {
  return setting.schema.type === 'boolean';
}

function takesNumbers(schema: SchemaObject): boolean {
  return schema.type === 'integer' || schema.type === 'number' || (Array.isArray(schema.enum) && schema.enum.some((v) => typeof v === 'number'));
}

/** A flag's or variable's text as its schema's type; text that is not one stays as it is, for the schema to report. */
export function valueFromText(value: string | boolean, schema: SchemaObject): unknown {
  if (typeof value === 'boolean') return value;
  const trimmed = value.trim();
  if (schema.type === 'boolean') return trimmed === 'true' || trimmed === '1' ? true : trimmed === 'false' || trimmed === '0' ? false : value;
  if (takesNumbers(schema) && /^-?\d+(\.\d+)?$/.test(trimmed)) return Number(trimmed);
  return value;
}

/** Values of the flags that were given (parsed by yargs or parseArgs: text, or true for a switch). */
export function fromFlags(settings: Settings, parsed: Record<string, string | boolean | undefined>): SettingValues {
  const out: SettingValues = {};
  for (const [key, setting] of Object.entries(settings)) {
    const v = parsed[setting.flag];
    // An absent switch is not "false": it leaves the environment or the file to decide.
    if (v !== undefined && v !== false) out[key] = valueFromText(v, setting.schema);
  }
  return out;
}

/** Values of the environment variables that are set (an empty variable counts as unset). */
export function fromEnv(settings: Settings, env: NodeJS.ProcessEnv): SettingValues {
  const out: SettingValues = {};
  for (const [key, setting] of Object.entries(settings)) {
    const v = setting.env === undefined ? undefined : env[setting.env];
    if (v !== undefined && v !== '') out[key] = valueFromText(v, setting.schema);
  }
  return out;
}

/** How a setting is named in a message about a value from `origin`. */
export function settingName(setting: Setting, origin: SettingOrigin): string {
  return origin === 'env' && setting.env ? setting.env : `--${setting.flag}`;
}

/** node:util parseArgs options for the settings. */
export function parseArgsOptions(settings: Settings): Record<string, { type: 'string' | 'boolean' }> {
  return Object.fromEntries(Object.values(settings).map((s) => [s.flag, { type: isSwitch(s) ? 'boolean' : 'string' }]));
}

/** Declares the settings as yargs options (every value read as text, as parseArgs does, and typed in one place: valueFromText). */
export function withYargsOptions<T>(y: Argv<T>, settings: Settings): Argv<T> {
  for (const s of Object.values(settings)) {
    y.option(s.flag, { type: isSwitch(s) ? 'boolean' : 'string', describe: s.env ? `${s.describe} (${s.env})` : s.describe });
  }
  return y;
}

/** One usage line's options, e.g. `[--serial DEV] [--every-fix]`. */
export function usageOptions(settings: Settings): string {
  return Object.values(settings)
    .map((s) => (s.arg ? `[--${s.flag} ${s.arg}]` : `[--${s.flag}]`))
    .join(' ');
}
