import { join } from 'node:path';
import { Command } from 'commander';
import { ImageStore } from '@berth/images';
import { seedBusyboxImage } from '../seed/busybox-image.js';

/** `berth-seed busybox [--root DIR]`: puts seed images made from this machine into Berth's image store. */
export async function main(argv: string[]): Promise<number> {
  const program = new Command('berth-seed')
    .description('make seed images from what this machine has (nothing is downloaded)')
    .option('--root <dir>', 'Berth state root (images go to <root>/images)', process.env['BERTH_ROOT'] || '/var/lib/berth');
  program
    .command('busybox')
    .description("busybox:latest from Debian's busybox-static")
    .option('--tag <reference>', 'name of the image', 'busybox:latest')
    .action(async (options: { tag: string }) => {
      const store = new ImageStore(join(program.opts<{ root: string }>().root, 'images'));
      const image = await seedBusyboxImage(store, options.tag);
      process.stdout.write(`${image.reference} ${image.manifest.digest}\n`);
    });
  try {
    await program.parseAsync(argv);
    return 0;
  } catch (error) {
    process.stderr.write(`berth-seed: ${(error as { code?: string }).code ?? 'ERROR'}: ${(error as Error).message}\n`);
    return 1;
  }
}

if (import.meta.url === `file://${process.argv[1]}`) process.exitCode = await main(process.argv);
