import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { UserError } from '../common/errors.js';
import { CLI_COMPONENTS, componentsFor, loadComponent, type CliComponent } from './components.js';

const firstWord = (command: unknown): string => String(Array.isArray(command) ? command[0] : command).split(' ')[0]!;

describe('the telematics command components', () => {
  it('each component module exports exactly the commands it declares', async () => {
    for (const component of CLI_COMPONENTS) {
      const commands = await loadComponent(component);
      expect(commands.map((c) => firstWord(c.command)), component.module).toEqual(component.commands);
      expect(commands.every((c) => !String(c.describe).startsWith('(not installed')), component.module).toBe(true);
    }
  });

  it('a command line loads only the component its command names; help and typos load them all', () => {
    const modules = (args: string[]): string[] => componentsFor(args).map((c) => c.module);
    expect(modules(['agent', '--serial', '/dev/gps0'])).toEqual(['../agent/cli.js']);
    expect(modules(['--log-level', 'debug', 'diag', '--json'])).toEqual(['../agent/cli.js']);
    expect(modules(['--log-level=debug', 'history', 'truck-1'])).toEqual(['../monitor/cli.js']);
    expect(modules(['--help'])).toHaveLength(CLI_COMPONENTS.length);
    expect(modules(['gatewy'])).toHaveLength(CLI_COMPONENTS.length);
  });

  describe('a component that is not installed', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cli-components-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));
    const run = async (component: CliComponent): Promise<UserError> => {
      const [command, ...more] = await loadComponent(component);
      expect(more).toHaveLength(component.commands.length - 1);
      expect(String(command!.describe)).toMatch(/^\(not installed here/);
      try {
        await (command!.handler as (argv: object) => unknown)({});
      } catch (err) {
        return err as UserError;
      }
      throw new Error('the stand-in command did not fail');
    };

    it('missing module (the vehicle package): its commands say so, exit 2', async () => {
      const err = await run({ commands: ['monitor', 'history'], module: pathToFileURL(join(dir, 'absent.js')).href, exportName: 'x', vehicle: false });
      expect(err).toBeInstanceOf(UserError);
      expect(err.exitCode).toBe(2);
      expect(err.message).toBe('telematics monitor is not available: it is not part of the vehicle package (telematics-agent): the server side runs from a full install (see README.md)');
      expect(err.hint).toBe('the vehicle package runs telematics gps, telematics agent, telematics diag');
    });

    it('missing npm package (installed with --omit=optional): names the package', async () => {
      const module = join(dir, 'needs-package.js');
      writeFileSync(module, "import 'telematics-no-such-package';\nexport const commands = [];\n");
      const err = await run({ commands: ['sim'], module: pathToFileURL(module).href, exportName: 'commands', vehicle: false });
      expect(err.message).toBe('telematics sim is not available: it needs the npm package telematics-no-such-package, which is not installed here');
      expect(err.hint).toMatch(/optional dependency/);
    });

    it('any other load failure is not hidden', async () => {
      const module = join(dir, 'throws.js');
      writeFileSync(module, "throw new Error('broken component');\n");
      await expect(loadComponent({ commands: ['sim'], module: pathToFileURL(module).href, exportName: 'commands', vehicle: false })).rejects.toThrow('broken component');
    });
  });
});
