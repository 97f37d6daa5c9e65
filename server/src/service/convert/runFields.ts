/**
 * The fields of `docker run` values that name a compose key, for both directions of the
 * conversion (run -> compose and compose -> run read the same table).
 */

/** `--mount` fields written as a key of a group of a compose volume's long syntax. */
export const MOUNT_GROUP_FIELDS: readonly (readonly [field: string, group: string, key: string])[] =
  [
    ['bind-propagation', 'bind', 'propagation'],
    ['bind-recursive', 'bind', 'recursive'],
    ['volume-nocopy', 'volume', 'nocopy'],
    ['volume-subpath', 'volume', 'subpath'],
    ['image-subpath', 'image', 'subpath'],
    ['tmpfs-size', 'tmpfs', 'size'],
  ];

/** `--gpus` fields and the keys of a compose device request they are. */
export const GPU_FIELDS: ReadonlyMap<string, string> = new Map([
  ['count', 'count'],
  ['device', 'device_ids'],
  ['driver', 'driver'],
  ['capabilities', 'capabilities'],
]);
