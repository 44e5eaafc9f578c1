/** Build records (build-record.ts): which renderer wrote a build, kept in the user's cache directory. */
import { existsSync, readdirSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../test-helpers/temp.js';
import { codeIdentity, codeIdentityGlobal, readBuildRecord, writeBuildRecord } from './build-record.js';

const manifest = (n: number): string => n.toString(16).padStart(64, '0');
const renderer = 'ab'.repeat(32);

describe('build records', () => {
  afterEach(() => {
    Reflect.deleteProperty(globalThis, codeIdentityGlobal);
  });

  it('are read back by the manifest they were written for, from $XDG_CACHE_HOME/clos/builds or ~/.cache/clos/builds', () => {
    const home = tempDir('clos-records-');
    for (const env of [{ XDG_CACHE_HOME: join(home, 'xdg') }, { HOME: join(home, 'home') }]) {
      expect(readBuildRecord(env, manifest(1))).toBeUndefined();
      writeBuildRecord(env, manifest(1), renderer);
      expect(readBuildRecord(env, manifest(1))).toBe(renderer);
      expect(readBuildRecord(env, manifest(2))).toBeUndefined();
      expect(readBuildRecord(env, undefined)).toBeUndefined();
    }
    const dir = join(home, 'xdg', 'clos', 'builds');
    expect(readdirSync(dir)).toEqual([manifest(1)]);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(statSync(join(dir, manifest(1))).mode & 0o777).toBe(0o600);
    expect(existsSync(join(home, 'home', '.cache', 'clos', 'builds', manifest(1)))).toBe(true);
  });

  it('are neither read nor written with CLOS_NO_COMPILE_CACHE=1, without a cache directory, or when they hold anything else', () => {
    const home = tempDir('clos-records-');
    const env = { XDG_CACHE_HOME: home };
    writeBuildRecord({ ...env, CLOS_NO_COMPILE_CACHE: '1' }, manifest(1), renderer);
    expect(existsSync(join(home, 'clos'))).toBe(false);
    writeBuildRecord(env, manifest(1), renderer);
    expect(readBuildRecord({ ...env, CLOS_NO_COMPILE_CACHE: '1' }, manifest(1))).toBeUndefined();
    expect(readBuildRecord({ XDG_CACHE_HOME: 'relative/dir' }, manifest(1))).toBeUndefined();
    writeBuildRecord({}, manifest(3), renderer); // nowhere to write: nothing happens
    writeFileSync(join(home, 'clos', 'builds', manifest(1)), `${renderer}\n`);
    expect(readBuildRecord(env, manifest(1))).toBeUndefined();
    // A file where the directory should be: no record, no error.
    const blocked = tempDir('clos-records-');
    writeFileSync(join(blocked, 'clos'), '');
    writeBuildRecord({ XDG_CACHE_HOME: blocked }, manifest(1), renderer);
    expect(readBuildRecord({ XDG_CACHE_HOME: blocked }, manifest(1))).toBeUndefined();
  });

  it('keep the newest 64', () => {
    const home = tempDir('clos-records-');
    const env = { XDG_CACHE_HOME: home };
    const dir = join(home, 'clos', 'builds');
    for (let i = 0; i < 64; i++) {
      writeBuildRecord(env, manifest(i), renderer);
      utimesSync(join(dir, manifest(i)), new Date(2000, 0, 1 + i), new Date(2000, 0, 1 + i));
    }
    writeFileSync(join(dir, 'not-a-record'), '');
    writeBuildRecord(env, manifest(100), renderer);
    const kept = readdirSync(dir);
    expect(kept).toHaveLength(65);
    expect(kept).not.toContain(manifest(0)); // the oldest
    expect(kept).toContain(manifest(1));
    expect(kept).toContain(manifest(100));
    expect(kept).toContain('not-a-record');
  });

  it("name the code by the launcher's global, and nothing when run from sources", () => {
    expect(codeIdentity()).toBeUndefined();
    Reflect.set(globalThis, codeIdentityGlobal, '0123456789abcdef');
    expect(codeIdentity()).toBe(`0123456789abcdef node ${process.version}`);
    Reflect.set(globalThis, codeIdentityGlobal, '');
    expect(codeIdentity()).toBeUndefined();
  });
});
