import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { sampleContainerDetail } from '../../../testing/samples';
import { jsonResponse, problemResponse, stubFetch } from '../../../testing/fetch-stub';
import { emptyForm, toCreateRequest, useCreateContainerForm } from './use-create-container-form';

describe('toCreateRequest', () => {
  it('sends only what was filled in', () => {
    expect(toCreateRequest({ ...emptyForm(), image: ' busybox ' })).toEqual({ image: 'busybox' });
  });

  it('turns every section of the form into the API request', () => {
    const request = toCreateRequest({
      ...emptyForm(),
      image: 'busybox:latest',
      name: 'web',
      command: `sh -c 'httpd -f -p 8080'`,
      env: 'MODE=test\n\n  LEVEL=2 \n',
      memory: '64m',
      cpus: '0.5',
      pidsLimit: 50,
      ports: [
        { containerPort: 8080, hostPort: '', protocol: 'tcp' },
        { containerPort: '', hostPort: '', protocol: 'tcp' },
      ],
      volumes: [{ source: 'data', target: '/data', readOnly: true }],
      network: 'backend',
      restartPolicy: 'on-failure',
      maximumRetryCount: 3,
      readOnlyRootfs: true,
      capAdd: 'NET_ADMIN, SYS_TIME',
      capDrop: 'ALL',
    });

    expect(request).toEqual({
      image: 'busybox:latest',
      name: 'web',
      cmd: ['sh', '-c', 'httpd -f -p 8080'],
      env: ['MODE=test', 'LEVEL=2'],
      resources: { memory: '64m', cpus: '0.5', pidsLimit: 50 },
      ports: [{ containerPort: 8080, protocol: 'tcp' }],
      mounts: [{ type: 'volume', source: 'data', target: '/data', readOnly: true }],
      network: 'backend',
      restartPolicy: { name: 'on-failure', maximumRetryCount: 3 },
      readOnlyRootfs: true,
      capAdd: ['NET_ADMIN', 'SYS_TIME'],
      capDrop: ['ALL'],
    });
  });
});

describe('useCreateContainerForm', () => {
  beforeEach(() => setActivePinia(createPinia()));
  afterEach(() => vi.unstubAllGlobals());

  it('puts the API validation messages next to their fields', async () => {
    stubFetch({
      'POST /api/v1/containers': problemResponse(400, 'VALIDATION_FAILED', 'resources.memory: must be a size', [
        { field: 'resources.memory', message: 'memory must be a size such as 512m or a number of bytes' },
        { field: 'ports.0.containerPort', message: 'containerPort must not be greater than 65535' },
      ]),
    });
    const { form, submit, error, errorFor } = useCreateContainerForm();
    form.image = 'busybox';
    form.memory = 'lots';
    form.ports.push({ containerPort: 70000, hostPort: '', protocol: 'tcp' });

    await expect(submit()).resolves.toBeUndefined();

    expect(error.value?.code).toBe('VALIDATION_FAILED');
    expect(errorFor('resources.memory')).toContain('512m');
    expect(errorFor('ports.0')).toContain('65535');
    expect(errorFor('image')).toBeUndefined();
  });

  it('reports an unclosed quote in the command as an error of the command field, without a request', async () => {
    const fetchMock = stubFetch({});
    const { form, submit, errorFor } = useCreateContainerForm();
    form.image = 'busybox';
    form.command = `sh -c 'echo`;

    await submit();

    expect(errorFor('cmd')).toMatch(/unclosed/);
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it('creates without starting when asked to', async () => {
    const fetchMock = stubFetch({
      'POST /api/v1/containers': jsonResponse(sampleContainerDetail({ status: 'created' }), 201),
      'GET /api/v1/containers': jsonResponse({ items: [], total: 0 }),
    });
    const { form, submit, submitting } = useCreateContainerForm();
    form.image = 'busybox';
    form.start = false;

    const pending = submit();
    expect(submitting.value).toBe(true);
    const created = await pending;

    expect(created?.status).toBe('created');
    expect(fetchMock.mock.calls.some(([url]) => String(url).endsWith('/start'))).toBe(false);
  });
});
