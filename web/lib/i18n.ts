// Languages: zh-CN by default, en-US on request, remembered in localStorage and sent to the API as
// Accept-Language so server messages come back in the same language.
// Shared words live in DICT; a page's own words are written in place as t('中文', 'English') so modules
// never have to edit a shared dictionary.
import { useSyncExternalStore } from 'react';
import { z } from 'zod';

export type Lang = 'zh-CN' | 'en-US';
const KEY = 'linli.lang';

const DICT = {
  appName: ['邻里 · 社区综合服务信息平台', 'Linli · Community service platform'],
  appShort: ['邻里', 'Linli'],
  save: ['保存', 'Save'],
  cancel: ['取消', 'Cancel'],
  create: ['新建', 'New'],
  edit: ['编辑', 'Edit'],
  search: ['查询', 'Search'],
  reset: ['重置', 'Reset'],
  refresh: ['刷新', 'Refresh'],
  actions: ['操作', 'Actions'],
  confirm: ['确定', 'OK'],
  yes: ['是', 'Yes'],
  no: ['否', 'No'],
  none: ['无', 'None'],
  all: ['全部', 'All'],
  name: ['名称', 'Name'],
  code: ['代码', 'Code'],
  status: ['状态', 'Status'],
  time: ['时间', 'Time'],
  saved: ['已保存', 'Saved'],
  loading: ['加载中…', 'Loading…'],
  logout: ['退出登录', 'Log out'],
  logoutAll: ['退出所有设备', 'Log out everywhere'],
  changePassword: ['修改密码', 'Change password'],
  scope: ['管辖范围', 'Scope'],
  switchRegion: ['切换区划', 'Switch region'],
  language: ['English', '中文'],
  reveal: ['显示', 'Show'],
  copy: ['复制', 'Copy'],
  copied: ['已复制', 'Copied'],
  notFound: ['页面不存在', 'Page not found'],
  backHome: ['返回首页', 'Back to home'],
  noPermission: ['您没有访问此页面的权限', 'You may not open this page'],
  district: ['区县', 'District'],
  street: ['街道', 'Street'],
  community: ['社区', 'Community'],
  grid: ['网格', 'Grid'],
} as const satisfies Record<string, readonly [string, string]>;

export type MsgKey = keyof typeof DICT;

function initial(): Lang {
  try {
    return localStorage.getItem(KEY) === 'en-US' ? 'en-US' : 'zh-CN';
  } catch {
    return 'zh-CN';
  }
}

let current: Lang = typeof window === 'undefined' ? 'zh-CN' : initial();
const listeners = new Set<() => void>();
applyZodLocale(current);

// zod's built-in messages (used when a contract schema has no custom "中文||English" text) follow the language.
function applyZodLocale(lang: Lang) {
  z.config(lang === 'zh-CN' ? z.locales.zhCN() : z.locales.en());
}

export function getLang(): Lang {
  return current;
}

export function setLang(lang: Lang): void {
  current = lang;
  try {
    localStorage.setItem(KEY, lang);
  } catch { /* private mode: the choice lasts for this page only */ }
  document.documentElement.lang = lang;
  applyZodLocale(lang);
  listeners.forEach((l) => l());
}

export function useLang(): Lang {
  return useSyncExternalStore((cb) => {
    listeners.add(cb);
    return () => listeners.delete(cb);
  }, getLang);
}

/** Picks one side of a contract message written as "中文||English". */
export function pickMessage(msg: string, lang: Lang = current): string {
  const [zh, en] = msg.split('||');
  return lang === 'zh-CN' ? zh : (en ?? zh);
}

export type T = {
  (key: MsgKey): string;
  (zh: string, en: string): string;
};

export function translate(lang: Lang): T {
  return ((a: string, b?: string) => {
    if (b !== undefined) return lang === 'zh-CN' ? a : b;
    const entry = DICT[a as MsgKey];
    return entry ? entry[lang === 'zh-CN' ? 0 : 1] : a;
  }) as T;
}

/** t('key') for shared words, t('中文', 'English') for a page's own words; re-renders on language change. */
export function useT(): T {
  return translate(useLang());
}
