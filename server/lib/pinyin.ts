// Pinyin and initials for name search ("zs" finds 张三), with surname readings (曾 zēng, 单 shàn).
import { pinyin } from 'pinyin-pro';

export function namePinyin(name: string): { full: string; initials: string } {
  const clean = name.replace(/[·•\s]/g, '');
  const syllables = pinyin(clean, { toneType: 'none', type: 'array', surname: 'head', nonZh: 'consecutive', v: true });
  const parts = syllables.map((s) => s.toLowerCase().replace(/[^a-z0-9]/g, '')).filter(Boolean);
  return { full: parts.join(''), initials: parts.map((s) => s[0]).join('') };
}
