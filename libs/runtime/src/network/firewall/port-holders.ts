import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { endianness } from 'node:os';
import { errnoOf } from '../../util/files.js';

/**
 * Who holds a host port: the kernel's socket tables (/proc/net/{tcp,udp}{,6}, which show the
 * network namespace of this process: the host's) and, for the message, the process owning the
 * socket (found by the socket's inode among /proc/<pid>/fd).
 */
export type Protocol = 'tcp' | 'udp';

export interface PortHolder {
  protocol: Protocol;
  /** The local address the socket is bound to (`0.0.0.0`, `::`, `127.0.0.1` …). */
  address: string;
  port: number;
  inode: number;
}

const TCP_LISTEN = '0A';

/** Sockets on `port` whose local address covers `hostIp` (or any address, for 0.0.0.0). */
export function socketsOnPort(protocol: Protocol, hostIp: string, port: number): PortHolder[] {
  const holders: PortHolder[] = [];
  for (const file of [`/proc/net/${protocol}`, `/proc/net/${protocol}6`]) {
    for (const entry of parseSocketTable(readTable(file), protocol)) {
      if (entry.port === port && covers(entry.address, hostIp)) holders.push(entry);
    }
  }
  return holders;
}

function readTable(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    // No IPv6 in this kernel: no IPv6 sockets either.
    if (errnoOf(error) === 'ENOENT') return '';
    throw error;
  }
}

/** TCP: listening sockets only. UDP: every bound socket (a datagram socket has no listen state). */
export function parseSocketTable(text: string, protocol: Protocol): PortHolder[] {
  const result: PortHolder[] = [];
  for (const line of text.split('\n').slice(1)) {
    const fields = line.trim().split(/\s+/);
    if (fields.length < 10) continue;
    if (protocol === 'tcp' && fields[3] !== TCP_LISTEN) continue;
    const [hexAddress, hexPort] = fields[1]!.split(':');
    result.push({ protocol, address: decodeAddress(hexAddress!), port: Number.parseInt(hexPort!, 16), inode: Number(fields[9]) });
  }
  return result;
}

/** The tables print each 32-bit word of the address in host byte order. */
function decodeAddress(hex: string): string {
  const bytes = Buffer.from(hex, 'hex');
  if (endianness() === 'LE') for (let word = 0; word < bytes.length; word += 4) bytes.subarray(word, word + 4).reverse();
  if (bytes.length === 4) return [...bytes].join('.');
  const v4mapped = bytes.subarray(0, 12).equals(Buffer.from('00000000000000000000ffff', 'hex'));
  if (v4mapped) return [...bytes.subarray(12)].join('.');
  const groups = [];
  for (let i = 0; i < 16; i += 2) groups.push(bytes.readUInt16BE(i).toString(16));
  const text = groups.join(':');
  return text === '0:0:0:0:0:0:0:0' ? '::' : text;
}

/** Whether a socket bound to `bound` takes traffic for `hostIp` (0.0.0.0 meaning every address). */
function covers(bound: string, hostIp: string): boolean {
  if (bound === '0.0.0.0' || bound === '::') return true;
  return hostIp === '0.0.0.0' ? !bound.includes(':') : bound === hostIp;
}

/** `node (pid 1234)` for the process holding the socket, or undefined if none is found. */
export function socketOwner(inode: number): string | undefined {
  const wanted = `socket:[${inode}]`;
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    if (hasDescriptor(pid, wanted)) return `${comm(pid)} (pid ${pid})`;
  }
  return undefined;
}

function hasDescriptor(pid: string, wanted: string): boolean {
  try {
    return readdirSync(`/proc/${pid}/fd`).some((fd) => safeReadlink(`/proc/${pid}/fd/${fd}`) === wanted);
  } catch {
    // The process exited, or its fds are not ours to read.
    return false;
  }
}

function safeReadlink(path: string): string | undefined {
  try {
    return readlinkSync(path);
  } catch {
    return undefined;
  }
}

function comm(pid: string): string {
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
  } catch {
    return 'a process';
  }
}
