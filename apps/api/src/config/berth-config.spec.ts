import { describe, expect, it } from 'vitest';
import { DEFAULT_HOST, DEFAULT_PORT } from '@berth/contracts';
import { loadConfig } from './berth-config.js';

describe('loadConfig', () => {
  it('defaults to loopback:8080 and the embedded database', () => {
    const config = loadConfig({ BERTH_ROOT: '/srv/berth' });
    expect(config).toMatchObject({ host: DEFAULT_HOST, port: DEFAULT_PORT, root: '/srv/berth', databaseUrl: undefined, logLevel: 'info' });
    expect(DEFAULT_HOST).toBe('127.0.0.1');
  });

  it('reads every variable', () => {
    const config = loadConfig({
      BERTH_HOST: '0.0.0.0',
      BERTH_PORT: '9090',
      BERTH_ROOT: 'relative/root',
      DATABASE_URL: 'postgresql://u@db/berth',
      BERTH_ADMIN_TOKEN: 'secret',
      BERTH_LOG_LEVEL: 'debug',
      BERTH_CONSOLE_DIR: '/opt/console',
    });
    expect(config).toMatchObject({
      host: '0.0.0.0',
      port: 9090,
      databaseUrl: 'postgresql://u@db/berth',
      adminToken: 'secret',
      logLevel: 'debug',
      consoleDir: '/opt/console',
    });
    expect(config.root).toMatch(/^\/.*relative\/root$/); // made absolute
  });

  it.each(['0', '65536', 'http', '80a'])('refuses BERTH_PORT=%s', (port) => {
    expect(() => loadConfig({ BERTH_PORT: port })).toThrow(expect.objectContaining({ code: 'INVALID_CONFIG', message: expect.stringContaining('BERTH_PORT') }));
  });

  it('refuses an unknown log level', () => {
    expect(() => loadConfig({ BERTH_LOG_LEVEL: 'loud' })).toThrow(expect.objectContaining({ code: 'INVALID_CONFIG' }));
  });

  it('reads the network pool, upload limit and seeding, refusing nonsense at start-up', () => {
    expect(loadConfig({})).toMatchObject({ networkPool: '10.89.0.0/16', maxUploadBytes: 4 * 1024 ** 3, seedImages: true });
    expect(loadConfig({ BERTH_NETWORK_POOL: '172.30.0.0/20', BERTH_MAX_UPLOAD_SIZE: '512m', BERTH_SEED_IMAGES: '0' })).toMatchObject({
      networkPool: '172.30.0.0/20',
      maxUploadBytes: 512 * 1024 ** 2,
      seedImages: false,
    });
    for (const [name, value] of [
      ['BERTH_NETWORK_POOL', '10.89.0.0/28'],
      ['BERTH_NETWORK_POOL', '300.1.0.0/16'],
      ['BERTH_NETWORK_POOL', 'lots'],
      ['BERTH_MAX_UPLOAD_SIZE', 'big'],
    ]) {
      expect(() => loadConfig({ [name!]: value })).toThrow(expect.objectContaining({ code: 'INVALID_CONFIG', message: expect.stringContaining(name!) }));
    }
  });

  it('reads the pids limit and team quotas: defaults, sizes, 0 for no bound, nonsense refused', () => {
    expect(loadConfig({})).toMatchObject({
      pidsLimit: 2048,
      buildStepTimeoutMs: 3_600_000,
      teamQuota: { containers: 1000, memoryBytes: undefined, imageBytes: undefined, volumeBytes: undefined },
    });
    expect(
      loadConfig({
        BERTH_PIDS_LIMIT: '0',
        BERTH_BUILD_STEP_TIMEOUT: '90s',
        BERTH_TEAM_MAX_CONTAINERS: '0',
        BERTH_TEAM_MAX_MEMORY: '8g',
        BERTH_TEAM_MAX_IMAGE_STORAGE: '20g',
        BERTH_TEAM_MAX_VOLUME_STORAGE: '512m',
      }),
    ).toMatchObject({
      pidsLimit: undefined,
      teamQuota: { containers: undefined, memoryBytes: 8 * 1024 ** 3, imageBytes: 20 * 1024 ** 3, volumeBytes: 512 * 1024 ** 2 },
    });
    for (const [name, value] of [
      ['BERTH_PIDS_LIMIT', '-5'],
      ['BERTH_PIDS_LIMIT', '1.5'],
      ['BERTH_TEAM_MAX_CONTAINERS', 'many'],
      ['BERTH_TEAM_MAX_MEMORY', 'lots'],
      ['BERTH_BUILD_STEP_TIMEOUT', '10 minutes'],
    ]) {
      expect(() => loadConfig({ [name!]: value })).toThrow(expect.objectContaining({ code: 'INVALID_CONFIG', message: expect.stringContaining(name!) }));
    }
  });
});
