/**
 * One value to write into one cgroup interface file: what the pure mappings (limits-v1.ts,
 * limits-v2.ts, devices-v1.ts) produce and the managers apply, in order. `field` is the
 * resources field it came from, so a kernel refusal can name what the user asked for.
 */
export interface CgroupWrite {
  /** v1: the controller whose hierarchy holds the file; v2: the controller it belongs to. */
  controller: string;
  file: string;
  value: string;
  field: string;
}
