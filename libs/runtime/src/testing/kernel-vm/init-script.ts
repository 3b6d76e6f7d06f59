/**
 * The guest's /init: a busybox shell script that mounts the basics, loads the modules, mounts
 * the host's root file system if asked, runs one command and powers off. It prints two markers
 * on the console, which is all the host learns from: `berth-vm: init` when userspace starts
 * (the end of the boot) and `berth-vm: exit <status>` when the command is done.
 */
export const INIT_MARKER = 'berth-vm: init';
export const EXIT_MARKER = 'berth-vm: exit';

/** Where the init script mounts the host's root file system (a 9p share) in the guest. */
export const GUEST_HOST_ROOT = '/host';

/** initramfs directory holding the modules, as `<name>.ko`. */
export const GUEST_MODULE_DIR = '/lib/modules';

/** The exit status the guest reports when its own setup (a module, a mount) failed. */
export const SETUP_FAILED = 125;

export interface HostRootMount {
  /** The 9p mount tag QEMU exports the host's / under (read-only). */
  tag: string;
  /** Directories of the host root given a fresh tmpfs in the guest, so the command can write there. */
  tmpfs: readonly string[];
}

export interface InitScriptOptions {
  /** Module names in load order, dependencies first (see resolveModules). */
  modules: readonly string[];
  /** insmod parameters per module name, e.g. { brd: 'rd_nr=1' }. */
  moduleParams?: Readonly<Record<string, string>>;
  /** Mount the host's root read-only and run the command chrooted into it. */
  hostRoot?: HostRootMount;
  /** Shell lines run as root in the initramfs after the mounts, before the command (paths under GUEST_HOST_ROOT reach the host root). */
  setup?: readonly string[];
  /** A shell command; its exit status is reported. */
  command: string;
  /** The command's whole environment (PATH included). */
  env?: Readonly<Record<string, string>>;
}

/** Single-quotes a word for sh. */
export function shellQuote(word: string): string {
  return `'${word.replaceAll("'", `'\\''`)}'`;
}

export function initScript(options: InitScriptOptions): string {
  return [...prologue(), ...moduleLines(options), ...hostRootLines(options.hostRoot), ...(options.setup ?? []), ...commandLines(options), ''].join('\n');
}

function prologue(): string[] {
  return [
    '#!/bin/busybox sh',
    '/bin/busybox --install -s /bin',
    'export PATH=/bin',
    'mount -t proc proc /proc',
    'mount -t sysfs sysfs /sys',
    'mount -t devtmpfs devtmpfs /dev',
    `echo "${INIT_MARKER} $(cut -d' ' -f1 /proc/uptime)"`,
    // Any setup failure ends the run at once with a status the host recognises, instead of
    // leaving it to wait for its timeout.
    `fail() { echo "berth-vm: setup failed: $*"; echo "${EXIT_MARKER} ${SETUP_FAILED}"; poweroff -f; }`,
  ];
}

function moduleLines({ modules, moduleParams = {} }: InitScriptOptions): string[] {
  return modules.map((name) => `insmod ${GUEST_MODULE_DIR}/${name}.ko ${moduleParams[name] ?? ''} || fail "insmod ${name}"`);
}

function hostRootLines(hostRoot: HostRootMount | undefined): string[] {
  if (!hostRoot) return [];
  const root = GUEST_HOST_ROOT;
  // cache=loose: the share is read-only, so the guest may keep what it read (node, the shim) in its page cache.
  const options = 'trans=virtio,version=9p2000.L,ro,msize=512000,cache=loose';
  return [
    `mount -t 9p -o ${options} ${hostRoot.tag} ${root} || fail "mounting the host root (9p ${hostRoot.tag})"`,
    `mount -t proc proc ${root}/proc || fail "proc in the host root"`,
    `mount -t sysfs sysfs ${root}/sys || fail "sysfs in the host root"`,
    `mount -t devtmpfs devtmpfs ${root}/dev || fail "devtmpfs in the host root"`,
    ...hostRoot.tmpfs.map((dir) => `mount -t tmpfs -o mode=1777 tmpfs ${root}${dir} || fail "tmpfs on ${dir}"`),
  ];
}

function commandLines({ command, env = {}, hostRoot }: InitScriptOptions): string[] {
  const assignments = Object.entries(env).map(([key, value]) => `${key}=${shellQuote(value)}`);
  // The shell stays PID 1 and waits for the command: busybox's wait reaps every child, so
  // processes that get reparented to init (detached shims) do not linger as zombies.
  const run = `env -i ${assignments.join(' ')} ${hostRoot ? '/bin/chroot . ' : ''}/bin/sh -c ${shellQuote(command)}`;
  return [...(hostRoot ? moveHostRoot() : []), run, `echo "${EXIT_MARKER} $?"`, 'poweroff -f'];
}

/**
 * Makes the host root the root of the mount namespace, as switch_root does on a booted system,
 * rather than a chroot into a mount below it: setns(2) into a mount namespace (how exec joins
 * a container) starts at the namespace's root, so below a plain chroot a joining process would
 * land outside the container's pivot_root. Only the command is chrooted; this shell keeps its
 * view of the initramfs, whose busybox still powers off at the end.
 */
function moveHostRoot(): string[] {
  return [`cd ${GUEST_HOST_ROOT} && mount --move . / || fail "moving the host root onto /"`];
}
