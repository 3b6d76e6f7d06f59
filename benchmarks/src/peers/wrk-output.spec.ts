import { describe, expect, it } from 'vitest';
import { parseWrkOutput } from './wrk-output.js';

const SAMPLE = `Running 3s test @ http://127.0.0.1:40000/1m.bin
  1 threads and 8 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency    10.20ms    2.00ms  20.00ms   80.00%
    Req/Sec   780.00     50.00     1.00k    70.00%
  2345 requests in 3.00s, 2.29GB read
  Socket errors: connect 0, read 2, write 0, timeout 1
  Non-2xx or 3xx responses: 5
Requests/sec:    781.23
Transfer/sec:    764.50MB
`;

describe('parseWrkOutput', () => {
  it('reads the rates in binary units, and the errors', () => {
    expect(parseWrkOutput(SAMPLE)).toEqual({ requests: 2345, requestsPerSecond: 781.23, bytesPerSecond: 764.5 * 2 ** 20, socketErrors: 3, badResponses: 5 });
  });

  it('counts no errors when wrk prints none', () => {
    const clean = SAMPLE.replace(/ {2}Socket errors.*\n {2}Non-2xx.*\n/, '').replace('764.50MB', '12.00KB');
    expect(parseWrkOutput(clean)).toMatchObject({ socketErrors: 0, badResponses: 0, bytesPerSecond: 12 * 1024 });
  });

  it('refuses output without the summary lines', () => {
    expect(() => parseWrkOutput('unable to connect to 127.0.0.1:1 Connection refused')).toThrow(/unexpected wrk output/);
  });
});
