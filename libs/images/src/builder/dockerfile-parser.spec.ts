import { describe, expect, it } from 'vitest';
import { expandWord, expandWords, parseDockerfile } from './dockerfile-parser.js';

const env = (values: Record<string, string>) => (name: string) => values[name];

describe('parseDockerfile', () => {
  it('reads stages, both command forms, continuations and comments', () => {
    const { stages } = parseDockerfile(
      [
        '# syntax=docker/dockerfile:1',
        'FROM busybox AS Build',
        'RUN echo one \\',
        '# a comment inside the continuation',
        '    && echo two',
        'run ["/bin/echo", "exec form"]',
        '',
        'FROM scratch',
        'COPY --from=build --chown=1:2 /out /app/',
        'CMD ["/app/run"]',
        'ENTRYPOINT echo shell',
      ].join('\n'),
    );
    expect(stages).toHaveLength(2);
    expect(stages[0]).toMatchObject({ index: 0, name: 'build', from: 'busybox', line: 2 });
    expect(stages[0]!.instructions).toEqual([
      { kind: 'RUN', line: 3, command: { args: ['echo one     && echo two'], shell: true } },
      { kind: 'RUN', line: 6, command: { args: ['/bin/echo', 'exec form'], shell: false } },
    ]);
    expect(stages[1]).toMatchObject({ from: 'scratch', line: 8 });
    expect(stages[1]!.instructions).toEqual([
      { kind: 'COPY', line: 9, sources: ['/out'], dest: '/app/', from: 'build', fromStage: 0, chown: '1:2' },
      { kind: 'CMD', line: 10, command: { args: ['/app/run'], shell: false } },
      { kind: 'ENTRYPOINT', line: 11, command: { args: ['echo shell'], shell: true } },
    ]);
  });

  it('links FROM of an earlier stage to it', () => {
    const { stages } = parseDockerfile('FROM busybox AS base\nENV A=1\nFROM base\nWORKDIR /$A\n');
    expect(stages[1]).toMatchObject({ from: 'base', fromStage: 0 });
    // The child stage sees the parent's ENV.
    expect(stages[1]!.instructions[0]).toEqual({ kind: 'WORKDIR', line: 4, path: '/1' });
  });

  it('substitutes ARG and ENV where Docker does, and leaves RUN to the shell', () => {
    const { stages, unusedBuildArgs } = parseDockerfile(
      [
        'ARG TAG=latest',
        'FROM busybox:${TAG}',
        'ARG TAG',
        'ARG DIR=/srv',
        'ENV HOME_DIR=$DIR/home OTHER=${MISSING:-fallback} SET=${DIR:+yes}',
        'ENV LEGACY value with spaces',
        'WORKDIR ${HOME_DIR}',
        'COPY ["$DIR/a", "b c", "${HOME_DIR}/"]',
        'LABEL "com.example.k"="v w" plain=\'$DIR\'',
        'USER ${UID:-1000}:${GID:-1000}',
        'EXPOSE 80 53/UDP 8000-8010',
        'VOLUME ["/data", "$DIR/logs"]',
        'RUN echo $DIR',
      ].join('\n'),
      { buildArgs: { TAG: '1.36', DIR: '/opt', NOBODY: 'x' } },
    );
    expect(stages[0]!.from).toBe('busybox:1.36');
    expect(unusedBuildArgs).toEqual(['NOBODY']);
    const [argTag, argDir, env, legacy, workdir, copy, label, user, expose, volume, run] = stages[0]!.instructions;
    expect(argTag).toEqual({ kind: 'ARG', line: 3, name: 'TAG', value: '1.36' });
    expect(argDir).toEqual({ kind: 'ARG', line: 4, name: 'DIR', value: '/opt' });
    expect(env).toEqual({
      kind: 'ENV',
      line: 5,
      pairs: [
        ['HOME_DIR', '/opt/home'],
        ['OTHER', 'fallback'],
        ['SET', 'yes'],
      ],
    });
    expect(legacy).toEqual({ kind: 'ENV', line: 6, pairs: [['LEGACY', 'value with spaces']] });
    expect(workdir).toEqual({ kind: 'WORKDIR', line: 7, path: '/opt/home' });
    expect(copy).toMatchObject({ sources: ['/opt/a', 'b c'], dest: '/opt/home/' });
    expect(label).toEqual({
      kind: 'LABEL',
      line: 9,
      pairs: [
        ['com.example.k', 'v w'],
        ['plain', '$DIR'],
      ],
    });
    expect(user).toEqual({ kind: 'USER', line: 10, user: '1000:1000' });
    expect(expose).toEqual({ kind: 'EXPOSE', line: 11, ports: ['80/tcp', '53/udp', '8000-8010/tcp'] });
    expect(volume).toEqual({ kind: 'VOLUME', line: 12, paths: ['/data', '/opt/logs'] });
    expect(run).toEqual({ kind: 'RUN', line: 13, command: { args: ['echo $DIR'], shell: true } });
  });

  it('lets every pair of one ENV see the values from before it', () => {
    const { stages } = parseDockerfile('FROM busybox\nENV A=hello\nENV A=bye B=$A\n');
    expect(stages[0]!.instructions[1]).toMatchObject({
      pairs: [
        ['A', 'bye'],
        ['B', 'hello'],
      ],
    });
  });

  it('uses the base image environment for substitution', () => {
    const { stages } = parseDockerfile('FROM img\nWORKDIR $HOME/x\n', { baseEnv: (image) => (image === 'img' ? ['HOME=/root'] : undefined) });
    expect(stages[0]!.instructions[0]).toMatchObject({ path: '/root/x' });
  });

  it('honours the escape directive', () => {
    const { stages } = parseDockerfile('# escape=`\nFROM busybox\nRUN echo a `\n  b\nCOPY c:\\dir\\ d\n');
    expect(stages[0]!.instructions[0]).toMatchObject({ command: { args: ['echo a   b'], shell: true } });
    expect(stages[0]!.instructions[1]).toMatchObject({ sources: ['c:\\dir\\'], dest: 'd' });
  });

  it.each([
    ['FROM busybox\nFROBNICATE x\n', /line 2: unknown instruction "FROBNICATE"/],
    ['RUN true\n', /line 1: RUN before the first FROM/],
    ['# only a comment\n', /no FROM instruction/],
    ['FROM busybox\n\nRUN\n', /line 3: RUN needs arguments/],
    ['FROM busybox\nCOPY onlyone\n', /line 2: COPY needs at least one source and a destination/],
    ['FROM busybox\nCOPY --frm=x a b\n', /line 2: unknown flag --frm=x/],
    ['FROM busybox\nENV A="unterminated\n', /line 2: unterminated double quote/],
    ['FROM busybox\nEXPOSE 99999\n', /line 2: invalid port "99999"/],
    ['FROM busybox\nADD https://example.com/x /x\n', /line 2: ADD from a URL/],
    ['FROM busybox\nSHELL ["/bin/bash", "-c"]\n', /line 2: SHELL is not supported/],
    ['FROM busybox\nHEALTHCHECK --interval=1s\n', /line 2: HEALTHCHECK takes options, then CMD/],
    ['FROM busybox\nHEALTHCHECK --every=1s CMD true\n', /line 2: unknown HEALTHCHECK option --every=1s/],
    ['FROM busybox\nHEALTHCHECK --interval=10us CMD true\n', /line 2: --interval=10us: a duration of at least 1ms/],
    ['FROM busybox\nHEALTHCHECK --retries=x CMD true\n', /line 2: --retries=x: a whole number/],
    ['FROM busybox\nHEALTHCHECK --retries=2 NONE\n', /line 2: HEALTHCHECK NONE takes no options/],
    ['FROM a AS x\nFROM b AS X\n', /line 2: duplicate stage name "x"/],
    ['FROM busybox\nWORKDIR ${A\n', /line 2: missing }/],
    ['FROM busybox\nRUN --mount=type=cache,target=/x true\n', /line 2: unsupported flag --mount/],
  ])('refuses %j with the line number', (text, message) => {
    expect(() => parseDockerfile(text)).toThrow(message);
    try {
      parseDockerfile(text);
    } catch (error) {
      expect((error as { code: string }).code).toBe('INVALID_DOCKERFILE');
    }
  });
});

describe('word expansion', () => {
  it('removes quotes, applies escapes and expands variables', () => {
    const lookup = env({ A: 'x y', EMPTY: '' });
    expect(expandWords(`a "b $A" 'c $A' d\\ e $A`, lookup)).toEqual(['a', 'b x y', 'c $A', 'd e', 'x', 'y']);
    expect(expandWords('"" $UNSET end', lookup)).toEqual(['', 'end']);
    expect(expandWord('${EMPTY:-dflt}|${EMPTY-dflt}|${UNSET+alt}|${A+alt}|\\$A|$', lookup)).toBe('dflt|||alt|$A|$');
    expect(() => expandWord('${UNSET:?must be set}', lookup)).toThrow('UNSET: must be set');
  });
});

describe('COPY --from', () => {
  it('names a stage only when an earlier stage has that name or number', () => {
    const { stages } = parseDockerfile(
      'FROM busybox AS build\nFROM busybox\nCOPY --from=build /a /a\nCOPY --from=0 /b /b\nCOPY --from=later /c /c\nFROM busybox AS later\n',
    );
    expect(stages[1]!.instructions).toMatchObject([{ from: 'build', fromStage: 0 }, { from: '0', fromStage: 0 }, { from: 'later' }]);
    expect(stages[1]!.instructions[2]).not.toHaveProperty('fromStage');
  });

  it.each([
    ['FROM busybox AS me\nCOPY --from=me /a /a\n', /line 2: --from=me names the stage being built/],
    ['FROM busybox\nCOPY --from=1 /a /a\nFROM busybox\n', /line 2: --from=1 names stage 1, which is not an earlier stage/],
  ])('refuses %j', (text, message) => {
    expect(() => parseDockerfile(text)).toThrow(message);
  });

  it('expands --from from the base image environment', () => {
    const { stages } = parseDockerfile('FROM base\nCOPY --from=${SRC:-fallback} /a /a\n', { baseEnv: () => ['SRC=tools'] });
    expect(stages[0]!.instructions[0]).toMatchObject({ from: 'tools' });
  });
});
