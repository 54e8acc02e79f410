import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { AgentStatus } from './agent-core.js';

export const STATUS_FILE_DEFAULTS = {
  intervalMs: 2_000,
};

/** What the running agent publishes for `telematics diag`: its status, plus the process. */
export interface StatusFileContent extends AgentStatus {
  pid: number;
  writtenAtMs: number;
  intervalMs: number;
  /** Where the agent took each setting from (AgentConfig.settingsFrom), for diag's advice; absent when not known. */
  settingsFrom?: Record<string, string>;
}

/** Writes atomically (temp file + rename): a reader never sees half a file. */
export function writeStatusFile(path: string, status: AgentStatus, intervalMs: number, settingsFrom?: Record<string, string>): void {
  const content: StatusFileContent = { ...status, pid: process.pid, writtenAtMs: Date.now(), intervalMs, ...(settingsFrom && { settingsFrom }) };
  const tmp = `${path}.tmp`;
  writeFileSync(tmp, JSON.stringify(content));
  renameSync(tmp, path);
}

export function readStatusFile(path: string): StatusFileContent | undefined {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as StatusFileContent;
  } catch {
    return undefined;
  }
}

/** Default status file: systemd's RuntimeDirectory (tmpfs, spares the SD card) when set, else beside the DB. */
export function defaultStatusFile(db: string, env: NodeJS.ProcessEnv = process.env): string {
  if (env.RUNTIME_DIRECTORY) return `${env.RUNTIME_DIRECTORY.split(':')[0]}/agent-status.json`;
  if (existsSync('/run/telematics/agent-status.json')) return '/run/telematics/agent-status.json';
  return `${db}.status.json`;
}

