// Writes a document given as text pieces to a file or to stdout, piece by piece, so that the
// command never holds the whole report as one string (a region's report is over V8's limit).
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import type { Writable } from 'node:stream';

async function writeAll(stream: Writable, chunks: Iterable<string>): Promise<void> {
  for (const chunk of chunks) if (!stream.write(chunk, 'utf8')) await once(stream, 'drain');
}

/** The pieces to `path`, or to stdout (followed by a line break) when there is no path. */
export async function writeChunks(chunks: Iterable<string>, path: string | undefined): Promise<void> {
  if (!path) {
    await writeAll(process.stdout, chunks);
    await writeAll(process.stdout, ['\n']);
    return;
  }
  const out = createWriteStream(path);
  const failed = new Promise<never>((_, reject) => out.once('error', reject));
  await Promise.race([writeAll(out, chunks), failed]);
  out.end();
  await Promise.race([once(out, 'finish'), failed]);
}
