/**
 * Splits a command line the way a person types it into the form — words separated by
 * spaces, quotes keeping spaces together, a backslash escaping the next character — into
 * the argument list the API takes. No expansion: `$HOME` stays `$HOME` (the container's
 * shell expands it when the command is `sh -c …`).
 */
export function splitCommandLine(line: string): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let quote: '"' | "'" | undefined;
  for (let index = 0; index < line.length; index++) {
    const char = line[index]!;
    if (quote) {
      if (char === quote) quote = undefined;
      else if (char === '\\' && quote === '"' && index + 1 < line.length) word += line[++index];
      else word += char;
    } else if (char === '"' || char === "'") {
      quote = char;
      inWord = true;
    } else if (char === '\\' && index + 1 < line.length) {
      word += line[++index];
      inWord = true;
    } else if (/\s/.test(char)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else {
      word += char;
      inWord = true;
    }
  }
  if (quote) throw new SyntaxError(`the command has an unclosed ${quote} quote`);
  if (inWord) words.push(word);
  return words;
}

/** The reverse, for showing a container's command: quotes only the words that need it. */
export function joinCommandLine(words: readonly string[]): string {
  return words.map((word) => (word !== '' && /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`)).join(' ');
}
