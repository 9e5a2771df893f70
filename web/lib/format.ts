// Times are stored in UTC and shown in Asia/Shanghai, whatever the browser's own zone is.
import dayjs from 'dayjs';
import utc from 'dayjs/plugin/utc';
import timezone from 'dayjs/plugin/timezone';
import 'dayjs/locale/zh-cn';

dayjs.extend(utc);
dayjs.extend(timezone);

export const TZ = 'Asia/Shanghai';

export function fmtTime(iso: string | null | undefined): string {
  return iso ? dayjs(iso).tz(TZ).format('YYYY-MM-DD HH:mm:ss') : '—';
}

export function fmtDate(iso: string | null | undefined): string {
  return iso ? dayjs(iso).tz(TZ).format('YYYY-MM-DD') : '—';
}

export function fmtNumber(n: number): string {
  return n.toLocaleString('zh-CN');
}
