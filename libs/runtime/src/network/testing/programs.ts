import { existsSync, mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import type { OciSpec } from '../../model/oci-spec.js';

/**
 * Small servers the network specs run inside busybox containers. Test-only.
 */

/** busybox httpd serving `text` as / from a private tmpfs (containers share one bundle rootfs). */
export function httpdArgs(text: string): string[] {
  return ['sh', '-c', `echo ${text} > /www/index.html && exec httpd -f -p 80 -h /www`];
}

/**
 * httpd with a CGI at /cgi-bin/ip that answers with the client's address as the server sees it
 * (REMOTE_ADDR): how a test tells whether traffic was masqueraded.
 */
export function remoteAddrHttpdArgs(): string[] {
  const cgi = '#!/bin/sh\\necho Content-Type: text/plain\\necho\\necho $REMOTE_ADDR\\n';
  return ['sh', '-c', `mkdir -p /www/cgi-bin && printf '${cgi}' > /www/cgi-bin/ip && chmod +x /www/cgi-bin/ip && exec httpd -f -p 80 -h /www`];
}

/** The private tmpfs the servers above serve from. */
export function withWww(spec: OciSpec): void {
  spec.mounts!.push({ destination: '/www', type: 'tmpfs', source: 'tmpfs', options: ['size=1m'] });
}

/**
 * A bounded fetch from inside a container. `timeout` rather than wget's own -T: busybox 1.35's
 * wget crashes (SIGSEGV) when -T is given.
 */
export function fetchCommand(url: string, seconds = 3): string {
  return `timeout ${seconds} wget -q -O- ${url}`;
}

/**
 * A UDP echo server (answers `echo:<datagram>`) written with the host's node, which the
 * container runs from the host's /usr bound read-only (busybox has no UDP server): see
 * withHostNode.
 */
export function udpEchoArgs(port: number): string[] {
  const script = `const s=require('dgram').createSocket('udp4');s.on('message',(m,r)=>s.send(Buffer.concat([Buffer.from('echo:'),m]),r.port,r.address));s.bind(${port},()=>console.log('ready'))`;
  return ['/usr/bin/node', '-e', script];
}

/** The host's /usr, read-only, and the /lib, /lib64 links of a merged-/usr system, for udpEchoArgs. */
export function withHostNode(spec: OciSpec): void {
  spec.mounts!.push({ destination: '/usr', type: 'bind', source: '/usr', options: ['rbind', 'ro'] });
}

/** Mount point and loader links in a (test) rootfs for withHostNode. */
export function prepareHostNodeRootfs(rootfs: string): void {
  mkdirSync(join(rootfs, 'usr'), { recursive: true });
  for (const dir of ['lib', 'lib64']) if (!existsSync(join(rootfs, dir))) symlinkSync(`usr/${dir}`, join(rootfs, dir));
}
