import { describe, expect, it } from 'vitest';
import { interfaceCounters, parseNetDev } from './counters.js';

const NET_DEV = `Inter-|   Receive                                                |  Transmit
 face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed
    lo:     840      10    0    0    0     0          0         0      840      10    0    0    0     0       0          0
  eth0: 1234567    890    1    2    0     0          0         3    76543     210    4    5    0     0       0          0
`;

describe('interface counters', () => {
  it('reads bytes, packets, errors and drops of each interface from /proc/<pid>/net/dev', () => {
    expect(parseNetDev(NET_DEV).get('eth0')).toEqual({
      rxBytes: 1234567,
      rxPackets: 890,
      rxErrors: 1,
      rxDropped: 2,
      txBytes: 76543,
      txPackets: 210,
      txErrors: 4,
      txDropped: 5,
    });
    expect([...parseNetDev(NET_DEV).keys()]).toEqual(['lo', 'eth0']);
  });

  it('names a missing process or interface', () => {
    expect(() => interfaceCounters(process.pid, 'nosuch0')).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
    expect(interfaceCounters(process.pid, 'lo').rxPackets).toBeGreaterThanOrEqual(0);
    expect(() => interfaceCounters(Number.MAX_SAFE_INTEGER, 'lo')).toThrow(expect.objectContaining({ code: 'ESRCH' }));
  });
});
