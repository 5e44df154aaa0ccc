import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/**
 * The tests' system tools (chromium, a CJK font, poppler-utils) come from Debian packages. A missing one is installed
 * with apt-get when this machine allows it (root, Debian), so `npm test` needs nothing set up by hand; otherwise the
 * caller fails saying what to install. Returns null when installed, or why it could not be.
 */
export function aptInstall(packages: string[], forWhat: string): string | null {
  if (process.getuid?.() !== 0 || !existsSync('/usr/bin/apt-get')) return 'not root or no apt-get';
  console.log(`installing ${packages.join(', ')} with apt-get for ${forWhat}`);
  const apt = (args: string[]) =>
    spawnSync('apt-get', args, { encoding: 'utf8', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  const install = ['install', '-y', '--no-install-recommends', ...packages];
  let run = apt(install);
  if (run.status !== 0) {
    apt(['update']); // a fresh machine may have no package lists yet
    run = apt(install);
  }
  return run.status === 0 ? null : `apt-get failed: ${run.stderr.slice(-400)}`;
}

/** Whether a command is on the PATH. */
export function hasCommand(command: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${command}`], { encoding: 'utf8' }).status === 0;
}

/** Makes sure a command is present, installing its Debian package when it is missing. */
export function ensureCommand(command: string, debianPackage: string, forWhat: string): void {
  if (hasCommand(command)) return;
  const why = aptInstall([debianPackage], forWhat);
  if (why) throw new Error(`${forWhat} need ${command} (${why}): apt-get install ${debianPackage}`);
  if (!hasCommand(command)) throw new Error(`${command} is still missing after installing ${debianPackage}`);
}
