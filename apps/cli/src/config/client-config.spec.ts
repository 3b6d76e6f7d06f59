import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_URL, loadClientConfig } from './client-config.js';

const scratch = mkdtempSync(join(tmpdir(), 'berth-config-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A home directory with `~/.config/berth/config.json` holding `text`. */
function homeWith(text: string | undefined): string {
  const home = mkdtempSync(join(scratch, 'home-'));
  if (text !== undefined) {
    mkdirSync(join(home, '.config', 'berth'), { recursive: true });
    writeFileSync(join(home, '.config', 'berth', 'config.json'), text);
  }
  return home;
}

describe('client config', () => {
  it('defaults to the local server without a token', () => {
    expect(loadClientConfig({ HOME: homeWith(undefined) })).toEqual({ url: DEFAULT_URL, token: undefined });
  });

  it('reads url and token from the config file', () => {
    const home = homeWith('{"url": "http://berth.example:9000/", "token": "from-file"}');
    expect(loadClientConfig({ HOME: home })).toEqual({ url: 'http://berth.example:9000', token: 'from-file' });
  });

  it('lets the environment win over the file', () => {
    const home = homeWith('{"url": "http://berth.example:9000", "token": "from-file"}');
    expect(loadClientConfig({ HOME: home, BERTH_URL: 'http://127.0.0.1:7000', BERTH_TOKEN: 'from-env' })).toEqual({
      url: 'http://127.0.0.1:7000',
      token: 'from-env',
    });
    expect(loadClientConfig({ HOME: home, BERTH_TOKEN: 'from-env' })).toEqual({ url: 'http://berth.example:9000', token: 'from-env' });
  });

  it('honours XDG_CONFIG_HOME', () => {
    const home = homeWith('{"url": "http://xdg.example"}');
    expect(loadClientConfig({ HOME: '/nonexistent', XDG_CONFIG_HOME: join(home, '.config') }).url).toBe('http://xdg.example');
  });

  it('refuses a file that is not a JSON object of strings, naming the file', () => {
    expect(() => loadClientConfig({ HOME: homeWith('url = x') })).toThrow(/config\.json is not JSON/);
    expect(() => loadClientConfig({ HOME: homeWith('{"token": 42}') })).toThrow(/"url" and "token" must be strings/);
  });
});
