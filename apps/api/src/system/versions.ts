import { createRequire } from 'node:module';
import { API_PREFIX } from '@berth/contracts';
import { OCI_VERSION } from '@berth/runtime/model';

const require = createRequire(import.meta.url);

/** The runtime library's release, from its package.json (one edit per release, as for the API's). */
export const RUNTIME_VERSION: string = (require('@berth/runtime/package.json') as { version: string }).version;

/** `v1` of `/api/v1`. */
export const API_VERSION = API_PREFIX.slice(API_PREFIX.lastIndexOf('/') + 1);

export const OCI_RUNTIME_SPEC_VERSION = OCI_VERSION;
