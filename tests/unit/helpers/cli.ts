// The headless command as the CLI tests run it: `npx tsx src/cli/oko.ts …` from the repository
// root, with its exit code and both streams (the tests read the messages as a user would).
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '../../..');

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function oko(args: string[]): Promise<Run> {
  return new Promise((done, fail) => {
    const child = spawn('npx', ['tsx', 'src/cli/oko.ts', ...args], { cwd: ROOT });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', fail);
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}
