/**
 * The shape of FCM v1 `Message` (fields by lowerCamelCase name), from the discovery document and the
 * fields firebase-admin sends. Proto-JSON parsing accepts each name in snake_case or lowerCamelCase;
 * map and Struct contents keep their keys as given.
 */
export type FieldType =
  | { t: 'string' }
  | { t: 'bool' }
  | { t: 'number' }
  | { t: 'duration' }
  | { t: 'enum'; typeName: string; values: readonly string[] }
  | { t: 'stringMap' }
  | { t: 'struct' }
  | { t: 'repeated'; of: FieldType }
  | { t: 'message'; typeName: string; fields: Readonly<Record<string, FieldType>> };

const string: FieldType = { t: 'string' };
const bool: FieldType = { t: 'bool' };
const number: FieldType = { t: 'number' };
const duration: FieldType = { t: 'duration' };
const stringMap: FieldType = { t: 'stringMap' };
const struct: FieldType = { t: 'struct' };
const repeated = (of: FieldType): FieldType => ({ t: 'repeated', of });
const message = (name: string, fields: Record<string, FieldType>): FieldType => ({
  t: 'message',
  typeName: `type.googleapis.com/google.firebase.fcm.v1.${name}`,
  fields,
});
const enumOf = (name: string, values: readonly string[]): FieldType => ({
  t: 'enum',
  typeName: `type.googleapis.com/google.firebase.fcm.v1.${name}`,
  values,
});

const color = message('Color', { red: number, green: number, blue: number, alpha: number });

const androidNotification = message('AndroidNotification', {
  title: string, body: string, icon: string, color: string, sound: string, tag: string, clickAction: string,
  bodyLocKey: string, bodyLocArgs: repeated(string), titleLocKey: string, titleLocArgs: repeated(string),
  channelId: string, ticker: string, sticky: bool, eventTime: string, localOnly: bool,
  notificationPriority: enumOf('NotificationPriority', [
    'PRIORITY_UNSPECIFIED', 'PRIORITY_MIN', 'PRIORITY_LOW', 'PRIORITY_DEFAULT', 'PRIORITY_HIGH', 'PRIORITY_MAX',
  ]),
  defaultSound: bool, defaultVibrateTimings: bool, defaultLightSettings: bool, vibrateTimings: repeated(duration),
  visibility: enumOf('Visibility', ['VISIBILITY_UNSPECIFIED', 'PRIVATE', 'PUBLIC', 'SECRET']),
  notificationCount: number,
  lightSettings: message('LightSettings', { color, lightOnDuration: duration, lightOffDuration: duration }),
  image: string, bypassProxyNotification: bool,
  proxy: enumOf('Proxy', ['PROXY_UNSPECIFIED', 'ALLOW', 'DENY', 'IF_PRIORITY_LOWERED']),
});

const androidConfig = message('AndroidConfig', {
  collapseKey: string,
  priority: enumOf('AndroidMessagePriority', ['NORMAL', 'HIGH']),
  ttl: duration,
  restrictedPackageName: string,
  data: stringMap,
  notification: androidNotification,
  fcmOptions: message('AndroidFcmOptions', { analyticsLabel: string }),
  directBootOk: bool,
  bandwidthConstrainedOk: bool,
  restrictedSatelliteOk: bool,
});

const webpushConfig = message('WebpushConfig', {
  headers: stringMap,
  data: stringMap,
  notification: struct,
  fcmOptions: message('WebpushFcmOptions', { link: string, analyticsLabel: string }),
});

const apnsConfig = message('ApnsConfig', {
  headers: stringMap,
  payload: struct,
  fcmOptions: message('ApnsFcmOptions', { analyticsLabel: string, image: string }),
  liveActivityToken: string,
});

export const MESSAGE: FieldType = message('Message', {
  name: string,
  data: stringMap,
  notification: message('Notification', { title: string, body: string, image: string }),
  android: androidConfig,
  webpush: webpushConfig,
  apns: apnsConfig,
  fcmOptions: message('FcmOptions', { analyticsLabel: string }),
  token: string,
  topic: string,
  condition: string,
  fid: string,
});

export const TARGET_FIELDS = ['token', 'topic', 'condition', 'fid'] as const;

const camelNames = new Map<string, string>();
const snakeNames = new Map<string, string>();
/** Names memoised: the same few dozen field names come with every message. Bounded by a reset. */
const MAX_MEMO_NAMES = 4096;

export function toCamel(name: string): string {
  let camel = camelNames.get(name);
  if (camel === undefined) {
    camel = name.includes('_') ? name.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase()) : name;
    if (camelNames.size >= MAX_MEMO_NAMES) camelNames.clear();
    camelNames.set(name, camel);
  }
  return camel;
}

export function toSnake(name: string): string {
  let snake = snakeNames.get(name);
  if (snake === undefined) {
    snake = name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
    if (snakeNames.size >= MAX_MEMO_NAMES) snakeNames.clear();
    snakeNames.set(name, snake);
  }
  return snake;
}
