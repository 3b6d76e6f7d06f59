import type { HostTool } from '@berth/runtime/model';
import list from './host-tools.json' with { type: 'json' };

/** The host programs the image store and builder spawn (see host-tools.json). */
export const IMAGES_HOST_TOOLS: readonly HostTool[] = list.tools;
