import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { EXIT_MARKER, INIT_MARKER, initScript, shellQuote } from './init-script.js';

describe('initScript', () => {
  it('quotes any word for sh', () => {
    for (const word of ["it's", 'a b', '$HOME', '`x`', '"q"', '\\', '']) {
      expect(execFileSync('/bin/sh', ['-c', `printf %s ${shellQuote(word)}`], { encoding: 'utf8' })).toBe(word);
    }
  });

  it('loads modules in order, then runs the command with only the given environment, then powers off', () => {
    const script = initScript({
      modules: ['virtio_ring', 'virtio', 'brd'],
      moduleParams: { brd: 'rd_nr=1' },
      command: 'echo "$GREETING"',
      env: { GREETING: "it's me" },
    });
    const lines = script.split('\n');
    expect(lines[0]).toBe('#!/bin/busybox sh');
    expect(lines.filter((line) => line.startsWith('insmod'))).toEqual([
      'insmod /lib/modules/virtio_ring.ko  || fail "insmod virtio_ring"',
      'insmod /lib/modules/virtio.ko  || fail "insmod virtio"',
      'insmod /lib/modules/brd.ko rd_nr=1 || fail "insmod brd"',
    ]);
    expect(script).toContain(`echo "${INIT_MARKER} $(cut -d' ' -f1 /proc/uptime)"`);
    expect(lines.slice(-4)).toEqual([`env -i GREETING='it'\\''s me' /bin/sh -c 'echo "$GREETING"'`, `echo "${EXIT_MARKER} $?"`, 'poweroff -f', '']);
  });

  it('with the host root: mounts it and its tmpfs, runs setup, moves it onto / and chroots only the command', () => {
    const script = initScript({ modules: [], hostRoot: { tag: 'hostroot', tmpfs: ['/tmp'] }, setup: ['echo set-up'], command: 'true' });
    const order = ['mount -t 9p', 'mount -t tmpfs -o mode=1777 tmpfs /host/tmp', 'echo set-up', 'mount --move . /', '/bin/chroot . /bin/sh -c'];
    const positions = order.map((text) => script.indexOf(text));
    expect(positions.every((position) => position > 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(script).toContain('mount -t 9p -o trans=virtio,version=9p2000.L,ro,msize=512000,cache=loose hostroot /host');
  });
});
