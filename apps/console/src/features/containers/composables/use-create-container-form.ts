import { BerthApiError, RESTART_POLICIES, type ContainerDetail, type CreateContainerRequest, type RestartPolicyName } from '@berth/contracts';
import { reactive, ref, shallowRef } from 'vue';
import { toBerthApiError } from '../../../api/berth';
import { useFieldErrors } from '../../../composables/use-field-errors';
import { splitCommandLine } from '../command-line';
import { useContainersStore } from '../stores/containers-store';

export interface PortRow {
  containerPort: number | '';
  hostPort: number | '';
  protocol: 'tcp' | 'udp';
}

export interface VolumeRow {
  /** A named volume; created by the API when missing. */
  source: string;
  target: string;
  readOnly: boolean;
}

/** What the form holds: text as typed, turned into a request only on submit. */
export interface CreateContainerFormState {
  image: string;
  name: string;
  command: string;
  /** `KEY=value`, one per line. */
  env: string;
  memory: string;
  cpus: string;
  pidsLimit: number | '';
  ports: PortRow[];
  volumes: VolumeRow[];
  /** Empty for the default network. */
  network: string;
  restartPolicy: RestartPolicyName;
  maximumRetryCount: number | '';
  readOnlyRootfs: boolean;
  privileged: boolean;
  /** Capability names separated by spaces or commas. */
  capAdd: string;
  capDrop: string;
  /** Start once created, as `docker run` does. */
  start: boolean;
}

export function emptyForm(): CreateContainerFormState {
  return {
    image: '',
    name: '',
    command: '',
    env: '',
    memory: '',
    cpus: '',
    pidsLimit: '',
    ports: [],
    volumes: [],
    network: '',
    restartPolicy: 'no',
    maximumRetryCount: '',
    readOnlyRootfs: false,
    privileged: false,
    capAdd: '',
    capDrop: '',
    start: true,
  };
}

/** The form as the API's create request: blanks are left out, so the server's defaults apply. */
export function toCreateRequest(form: CreateContainerFormState): CreateContainerRequest {
  const request: CreateContainerRequest = { image: form.image.trim() };
  const name = form.name.trim();
  if (name) request.name = name;
  const cmd = splitCommandLine(form.command);
  if (cmd.length > 0) request.cmd = cmd;
  const env = lines(form.env);
  if (env.length > 0) request.env = env;

  const resources: NonNullable<CreateContainerRequest['resources']> = {};
  if (form.memory.trim()) resources.memory = form.memory.trim();
  if (form.cpus.trim()) resources.cpus = form.cpus.trim();
  if (form.pidsLimit !== '') resources.pidsLimit = form.pidsLimit;
  if (Object.keys(resources).length > 0) request.resources = resources;

  const ports = form.ports.filter((row) => row.containerPort !== '' || row.hostPort !== '');
  if (ports.length > 0) {
    // An empty container port is sent as it is, so the API names the field that is missing.
    request.ports = ports.map((row) => ({
      containerPort: row.containerPort as number,
      protocol: row.protocol,
      ...(row.hostPort !== '' ? { hostPort: row.hostPort } : {}),
    }));
  }
  const volumes = form.volumes.filter((row) => row.source.trim() || row.target.trim());
  if (volumes.length > 0) {
    request.mounts = volumes.map((row) => ({ type: 'volume', source: row.source.trim(), target: row.target.trim(), readOnly: row.readOnly }));
  }
  if (form.network) request.network = form.network;
  if (form.restartPolicy !== 'no') {
    request.restartPolicy = { name: form.restartPolicy };
    if (form.restartPolicy === 'on-failure' && form.maximumRetryCount !== '') request.restartPolicy.maximumRetryCount = form.maximumRetryCount;
  }
  if (form.readOnlyRootfs) request.readOnlyRootfs = true;
  if (form.privileged) request.privileged = true;
  const capAdd = words(form.capAdd);
  if (capAdd.length > 0) request.capAdd = capAdd;
  const capDrop = words(form.capDrop);
  if (capDrop.length > 0) request.capDrop = capDrop;
  return request;
}

/** Codes of problems the console finds before asking the API. */
export const FORM_ERROR_CODES = { invalidCommand: 'INVALID_COMMAND' } as const;

/**
 * The create-container form: its state, submit through the containers store, and the API's
 * problem kept so each field can show its own message.
 */
export function useCreateContainerForm() {
  const store = useContainersStore();
  const form = reactive<CreateContainerFormState>(emptyForm());
  const submitting = ref(false);
  const error = shallowRef<BerthApiError | null>(null);
  const { errorFor, hasFieldErrors } = useFieldErrors(error);

  async function submit(): Promise<ContainerDetail | undefined> {
    let request: CreateContainerRequest;
    try {
      request = toCreateRequest(form);
    } catch (caught) {
      const message = caught instanceof Error ? caught.message : String(caught);
      error.value = new BerthApiError(FORM_ERROR_CODES.invalidCommand, 0, message, {
        type: 'about:blank',
        title: 'Invalid command',
        status: 0,
        code: FORM_ERROR_CODES.invalidCommand,
        detail: message,
        errors: [{ field: 'cmd', message }],
      });
      return undefined;
    }
    submitting.value = true;
    error.value = null;
    try {
      return await store.create(request, { start: form.start });
    } catch (caught) {
      error.value = toBerthApiError(caught);
      return undefined;
    } finally {
      submitting.value = false;
    }
  }

  function addPort(): void {
    form.ports.push({ containerPort: '', hostPort: '', protocol: 'tcp' });
  }

  function addVolume(): void {
    form.volumes.push({ source: '', target: '', readOnly: false });
  }

  return { form, submitting, error, errorFor, hasFieldErrors, submit, addPort, addVolume, restartPolicies: RESTART_POLICIES };
}

function lines(text: string): string[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
}

function words(text: string): string[] {
  return text.split(/[\s,]+/).filter(Boolean);
}
