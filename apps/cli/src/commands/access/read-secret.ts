import { CliError } from '../../cli-error.js';

/** All of stdin, less one trailing newline (`echo $TOKEN | berth login … --password-stdin`). */
export async function readStdinSecret(what: string): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(Buffer.from(chunk as Uint8Array));
  const secret = Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
  if (!secret) throw new CliError('INVALID_OPTION', `--password-stdin read an empty ${what}`);
  return secret;
}

/**
 * Asks on the terminal with echo off, as `docker login` does: raw mode, so the typed
 * characters never appear; Enter ends, Backspace erases, Ctrl-C and Ctrl-D give up.
 */
export function promptHidden(question: string, write: (text: string) => void): Promise<string> {
  const stdin = process.stdin;
  write(question);
  stdin.setRawMode(true);
  stdin.resume();
  let typed = '';
  return new Promise((resolve, reject) => {
    const finish = (error?: CliError) => {
      stdin.off('data', onData);
      stdin.setRawMode(false);
      stdin.pause();
      write('\n');
      if (error) reject(error);
      else resolve(typed);
    };
    const onData = (chunk: Buffer) => {
      for (const char of chunk.toString('utf8')) {
        if (char === '\r' || char === '\n') return finish();
        if (char === '\u0003' || char === '\u0004') return finish(new CliError('CANCELLED', 'no password given'));
        typed = char === '\u007f' || char === '\b' ? typed.slice(0, -1) : typed + char;
      }
    };
    stdin.on('data', onData);
  });
}

/** One visible line from the terminal (the user name); Ctrl-D ends it too. */
export function promptLine(question: string, write: (text: string) => void): Promise<string> {
  const stdin = process.stdin;
  write(question);
  stdin.resume();
  return new Promise((resolve) => {
    let typed = '';
    const done = () => {
      stdin.off('data', onData);
      stdin.off('end', done);
      stdin.pause();
      resolve(typed.split(/\r?\n/)[0]!.trim());
    };
    const onData = (chunk: Buffer) => {
      typed += chunk.toString('utf8');
      if (/\r?\n/.test(typed)) done();
    };
    stdin.on('data', onData);
    stdin.once('end', done);
  });
}
