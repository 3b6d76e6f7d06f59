import { describe, expect, it } from 'vitest';
import { installedVersion, kernelPackageOf, versionLine } from './peer-output.js';

describe('peer output', () => {
  it('reads an installed package version from dpkg-query, and nothing for a removed or unknown one', () => {
    expect(installedVersion('install ok installed\t1.8.1-1+deb12u1\n')).toBe('1.8.1-1+deb12u1');
    expect(installedVersion('deinstall ok config-files\t1.8.1-1+deb12u1')).toBeUndefined();
    expect(installedVersion('')).toBeUndefined();
  });

  it("finds the kernel package behind Debian's metapackage", () => {
    expect(kernelPackageOf('linux-image-amd64\n  Depends: linux-image-6.1.0-57-amd64\n')).toBe('linux-image-6.1.0-57-amd64');
    expect(kernelPackageOf('linux-image-amd64\n')).toBeUndefined();
  });

  it('takes the first line that carries a version', () => {
    expect(versionLine('crun version 1.8.1\ncommit: f8a096be\n')).toBe('crun version 1.8.1');
    expect(versionLine('wrk debian/4.1.0-3+b2 [epoll] Copyright (C) 2012 Will Glozer\nUsage: wrk <options> <url>\n')).toBe(
      'wrk debian/4.1.0-3+b2 [epoll] Copyright (C) 2012 Will Glozer',
    );
    expect(versionLine('\nQEMU emulator version 7.2.22 (Debian 1:7.2+dfsg-7+deb12u18+b3)\nCopyright (c) 2003-2022')).toBe(
      'QEMU emulator version 7.2.22 (Debian 1:7.2+dfsg-7+deb12u18+b3)',
    );
    expect(versionLine('usage: tool\n')).toBeUndefined();
  });
});
