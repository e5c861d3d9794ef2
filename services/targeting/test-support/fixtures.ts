import type { NotificationRequest } from '../../shared/contracts/messages';
import { notificationFromRequest, type Notification } from '../notification';
import { DEFAULT_PREFERENCES } from '../preference-policy';
import type { TargetDevice, TargetUser } from '../target-device';

// Builders for unit tests: valid defaults, overridden per test.

export const aRequest = (over: Partial<NotificationRequest> = {}): NotificationRequest => ({
  event_id: 'e1',
  app: null,
  user_ids: ['u1'],
  category: 'order',
  priority: 'NORMAL',
  ttl_seconds: 60,
  collapse_key: null,
  content: { title: 'T', body: 'B', data: {}, image: null, deep_link: null, actions: [] },
  template: null,
  silent: false,
  thread_key: null,
  source: null,
  created_at: 1000,
  ...over,
});

export const aNotification = (over: Partial<NotificationRequest> = {}): Notification => notificationFromRequest(aRequest(over));

export const aDevice = (over: Partial<TargetDevice> = {}): TargetDevice => ({
  deviceId: '00000000-0000-4000-8000-000000000001',
  userId: 'u1',
  app: 'default',
  provider: 'FCM',
  platform: 'ANDROID',
  token: 'fcm-token-1234567890',
  locale: 'en',
  webpushKeys: null,
  apnsEnvironment: null,
  ...over,
});

export const aUser = (over: Partial<TargetUser> = {}): TargetUser => ({
  userId: 'u1',
  preferences: DEFAULT_PREFERENCES,
  devices: [aDevice()],
  ...over,
});
