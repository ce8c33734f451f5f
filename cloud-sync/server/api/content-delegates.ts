import type { ContentResourceName } from '../../protocol/api/content-api.js';
import type { GatewayDb } from '../gateway-db.js';

type Row = Record<string, unknown>;

/** The part of a Prisma model delegate the content routes use, alike for every content model. */
export interface ContentDelegate {
  findMany(args: object): Promise<(Row & { id: string })[]>;
  findUnique(args: { where: { id: string } }): Promise<Row | null>;
  findFirst(args: object): Promise<Row | null>;
  count(args: object): Promise<number>;
  create(args: { data: object }): Promise<Row>;
  createMany(args: { data: object[] }): Promise<{ count: number }>;
  update(args: { where: { id: string }; data: object }): Promise<Row>;
  delete(args: { where: { id: string } }): Promise<Row>;
}

const DELEGATE: Record<ContentResourceName, keyof GatewayDb> = {
  Synagogue: 'synagogue',
  DeviceSettings: 'deviceSettings',
  DeviceConfiguration: 'deviceConfiguration',
  TfilaTime: 'tfilaTime',
  GeneralMessage: 'generalMessage',
  Hanzch: 'hanzch',
  Shior: 'shior',
  OlieLatora: 'olieLatora',
  ScreenTimer: 'screenTimer',
  AliyaNotification: 'aliyaNotification',
  DailyContentPreference: 'dailyContentPreference',
  HolidayTimes: 'holidayTimes',
};

/** The model's delegate on `db` (the extended client or a transaction of it), seen through one interface. */
export function contentDelegate(db: GatewayDb, name: ContentResourceName): ContentDelegate {
  return db[DELEGATE[name]] as unknown as ContentDelegate;
}
