// Pure helpers of the «Сохранность» screen: sizes, dates, the reminder text, the iOS advice.
import { formatDecimal, formatInt, plural } from '../../domain/text/format';

/** Reminder intervals offered, in days; the default when none was chosen. */
export const INTERVALS = [7, 14, 30] as const;
export const DEFAULT_INTERVAL_DAYS = 14;

const DAY_MS = 24 * 60 * 60 * 1000;
const UNITS = ['Б', 'КБ', 'МБ', 'ГБ', 'ТБ'];

/** Binary sizes the Russian way: `512 Б`, `12,4 МБ`, `1,2 ГБ`, `150 ГБ`. */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '—';
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  if (unit === 0) return `${formatInt(value)} Б`;
  const text = value >= 100 ? formatInt(value) : formatDecimal(value, 1).replace(/,0$/, '');
  return `${text} ${UNITS[unit]}`;
}

/** `12,4 МБ из 1,2 ГБ`. */
export function formatUsage(usage: number, quota: number): string {
  return `${formatBytes(usage)} из ${formatBytes(quota)}`;
}

const dateTime = new Intl.DateTimeFormat('ru-RU', { dateStyle: 'long', timeStyle: 'short' });

export function formatDateTime(iso: string): string {
  const t = Date.parse(iso);
  return Number.isNaN(t) ? iso : dateTime.format(t);
}

/** Whole days since `iso` (0 today); null when unknown or in the future by more than a day. */
export function daysSince(iso: string | undefined, now: Date = new Date()): number | null {
  if (!iso) return null;
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return null;
  const days = Math.floor((now.getTime() - t) / DAY_MS);
  return days < -1 ? null : Math.max(0, days);
}

export function daysText(days: number): string {
  if (days === 0) return 'сегодня';
  if (days === 1) return 'вчера';
  return `${formatInt(days)} ${plural(days, ['день', 'дня', 'дней'])} назад`;
}

/** The banner's sentence. */
export function reminderText(lastBackupAt: string | undefined, now: Date = new Date()): string {
  if (!lastBackupAt) return 'Резервная копия ещё не создавалась.';
  const days = daysSince(lastBackupAt, now);
  if (days === null) return 'Дата последней резервной копии неизвестна — сделайте новую.';
  return `Последняя резервная копия сделана ${daysText(days)}.`;
}

export interface PlatformInfo {
  userAgent: string;
  platform: string;
  maxTouchPoints: number;
  /** Opened from the home screen (display-mode: standalone or navigator.standalone). */
  standalone: boolean;
}

/**
 * Safari on iPhone/iPad in a tab: WebKit deletes a site's storage after 7 days without a visit,
 * unless the app was added to the home screen. iPadOS reports itself as a Mac with touch.
 * Other iOS browsers (CriOS, FxiOS, EdgiOS) are WebKit too but do not apply this rule.
 */
export function needsHomeScreen(p: PlatformInfo): boolean {
  if (p.standalone) return false;
  const ios = /iPad|iPhone|iPod/.test(p.userAgent) || (p.platform === 'MacIntel' && p.maxTouchPoints > 1);
  const safari = /Safari/.test(p.userAgent) && !/CriOS|FxiOS|EdgiOS|OPiOS|YaBrowser/.test(p.userAgent);
  return ios && safari;
}

export function currentPlatform(): PlatformInfo {
  const nav = navigator as Navigator & { standalone?: boolean };
  return {
    userAgent: nav.userAgent,
    platform: nav.platform,
    maxTouchPoints: nav.maxTouchPoints ?? 0,
    standalone: matchMedia('(display-mode: standalone)').matches || nav.standalone === true,
  };
}
