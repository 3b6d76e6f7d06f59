/**
 * Reading what Debian's tools and the peers print about themselves. Pure functions, so the
 * formats are tested without the tools; the peers tool feeds them the real output.
 */

/** `dpkg-query -W -f='${Status}\t${Version}' PKG`: the version when the package is installed, else undefined. */
export function installedVersion(dpkgQueryOutput: string): string | undefined {
  const [status, version] = dpkgQueryOutput.trim().split('\t');
  return status === 'install ok installed' && version ? version : undefined;
}

/** `apt-cache depends linux-image-amd64`: the versioned kernel package the metapackage pulls in. */
export function kernelPackageOf(aptCacheDependsOutput: string): string | undefined {
  return /^\s*Depends:\s*(linux-image-\S+)\s*$/m.exec(aptCacheDependsOutput)?.[1];
}

/**
 * The line of `--version` (or `-v`, or a bare call) output that names the version: the first
 * that has a digit, so a leading banner or an empty line is skipped. `wrk -v` prints it among
 * its usage text, and busybox before its applet list.
 */
export function versionLine(output: string): string | undefined {
  return output
    .split('\n')
    .map((line) => line.trim())
    .find((line) => /\d+\.\d+/.test(line))
    ?.slice(0, 160);
}
