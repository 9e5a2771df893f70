// Deterministic generators for realistic demo people: surnames by real frequency, an age pyramid,
// valid resident ID numbers, phones, and special groups at plausible rates.
import { makeResidentId } from '../lib/id-number.ts';

export type Rng = () => number;

/** mulberry32: small, fast, seeded, so the demo district is the same on every machine. */
export function rng(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function pick<T>(r: Rng, items: readonly T[]): T {
  return items[Math.floor(r() * items.length)];
}

function weighted<T>(r: Rng, items: readonly [T, number][]): T {
  const total = items.reduce((s, [, w]) => s + w, 0);
  let x = r() * total;
  for (const [v, w] of items) if ((x -= w) < 0) return v;
  return items[items.length - 1][0];
}

// Share of the population per surname (per mille, 2020 household-register figures, rounded).
const SURNAMES: [string, number][] = [
  ['王', 72], ['李', 70], ['张', 68], ['刘', 54], ['陈', 46], ['杨', 32], ['黄', 24], ['赵', 23], ['吴', 21], ['周', 21],
  ['徐', 17], ['孙', 16], ['马', 16], ['朱', 15], ['胡', 14], ['郭', 13], ['何', 12], ['林', 11], ['高', 11], ['罗', 11],
  ['郑', 10], ['梁', 10], ['谢', 8], ['宋', 8], ['唐', 8], ['许', 7], ['韩', 7], ['邓', 7], ['冯', 7], ['曹', 7],
  ['彭', 6], ['曾', 6], ['肖', 6], ['田', 6], ['董', 6], ['潘', 5], ['袁', 5], ['蔡', 5], ['蒋', 5], ['余', 5],
  ['于', 5], ['杜', 5], ['叶', 4], ['程', 4], ['魏', 4], ['苏', 4], ['吕', 4], ['丁', 4], ['任', 4], ['卢', 4],
  ['姚', 3], ['沈', 3], ['钟', 3], ['姜', 3], ['崔', 3], ['谭', 3], ['陆', 3], ['范', 3], ['汪', 3], ['廖', 3],
  ['石', 3], ['金', 3], ['韦', 3], ['贾', 3], ['夏', 3], ['付', 3], ['方', 3], ['邹', 2], ['熊', 2], ['白', 2],
  ['孟', 2], ['秦', 2], ['邱', 2], ['侯', 2], ['江', 2], ['尹', 2], ['薛', 2], ['闫', 2], ['段', 2], ['雷', 2],
  ['欧阳', 1], ['司马', 0.2], ['上官', 0.2], ['诸葛', 0.1],
];
const MALE = '伟强磊军勇杰涛斌超明刚平辉鹏华飞鑫波宇浩凯健俊帆帅旭宁龙林欣博文斌志国建新春海峰成东亮';
const FEMALE = '芳娜敏静丽艳娟霞秀英华玲桂兰萍红梅琳燕雪慧婷倩颖琪佳瑶悦欣怡晶妍璐蕾薇彤雅淑';
// Uyghur and other names with the middle dot also occur in real registers.
const DOT_NAMES = ['阿不都·热合曼', '买买提·艾力', '古丽·阿不都', '热依拉·买买提', '艾力·托乎提'];

export function personName(r: Rng, gender: 'M' | 'F'): string {
  if (r() < 0.002) return pick(r, DOT_NAMES);
  const pool = gender === 'M' ? MALE : FEMALE;
  const given = r() < 0.3 ? pick(r, [...pool]) : pick(r, [...pool]) + pick(r, [...pool]);
  return weighted(r, SURNAMES) + given;
}

// Age pyramid in 5-year bands (0–4 … 95–99), per mille, roughly the 7th census of an urban district.
const AGE_BANDS = [45, 52, 50, 45, 50, 70, 85, 80, 75, 80, 85, 80, 70, 60, 45, 30, 18, 9, 3, 1];

export function age(r: Rng): number {
  const band = weighted(r, AGE_BANDS.map((w, i) => [i, w] as [number, number]));
  return band * 5 + Math.floor(r() * 5);
}

export function birthDateFor(r: Rng, ageYears: number, today: Date): string {
  const d = new Date(Date.UTC(today.getUTCFullYear() - ageYears - 1, today.getUTCMonth(), today.getUTCDate()));
  d.setUTCDate(d.getUTCDate() + 1 + Math.floor(r() * 364));
  return d.toISOString().slice(0, 10);
}

// Birthplace area codes seen in a typical urban district: local plus the provinces floating residents come from.
const AREAS_LOCAL = ['370102', '370103', '370104', '370105', '370112'];
const AREAS_FLOATING = ['410102', '341202', '130102', '510104', '420102', '320102', '372301', '371302'];

export function residentId(r: Rng, birth: string, gender: 'M' | 'F', floating: boolean): string {
  return makeResidentId(pick(r, floating ? AREAS_FLOATING : AREAS_LOCAL), birth, Math.floor(r() * 1000), gender);
}

export function phone(r: Rng): string {
  return pick(r, ['13', '15', '18', '17', '19']) + String(Math.floor(r() * 10)) + String(Math.floor(r() * 1e8)).padStart(8, '0');
}

export const ETHNICITIES: [string, number][] = [['汉族', 960], ['回族', 15], ['满族', 10], ['蒙古族', 5], ['维吾尔族', 3], ['朝鲜族', 3], ['壮族', 4]];
export const EDUCATION = ['小学', '初中', '高中', '中专', '大专', '本科', '研究生'];

export function ethnicity(r: Rng): string {
  return weighted(r, ETHNICITIES);
}

export function education(r: Rng, ageYears: number): string | null {
  if (ageYears < 7) return null;
  if (ageYears < 13) return '小学';
  if (ageYears < 16) return '初中';
  return weighted(r, ageYears > 60 ? [['小学', 30], ['初中', 35], ['高中', 20], ['中专', 8], ['大专', 5], ['本科', 2]] : [['初中', 15], ['高中', 20], ['中专', 10], ['大专', 20], ['本科', 28], ['研究生', 7]]);
}

export type ResidencyType = 'registered' | 'resident' | 'floating' | 'overseas' | 'separated';
export function residency(r: Rng): ResidencyType {
  return weighted(r, [['registered', 700], ['resident', 100], ['floating', 150], ['separated', 40], ['overseas', 10]]);
}

export type GenPerson = {
  name: string; gender: 'M' | 'F'; birthDate: string; age: number; docType: 'resident_id' | 'passport'; docNo: string; phone: string | null;
  ethnicity: string; education: string | null; political: string; marital: string; employment: string; residency: ResidencyType; relation: string;
  tags: { code: string; attributes: Record<string, unknown> }[];
};

/** One household's members: a head, often a spouse, children, sometimes a parent. */
export function household(r: Rng, today: Date, seq: () => number): GenPerson[] {
  const res = residency(r);
  const headAge = Math.max(22, Math.min(95, age(r)));
  const headGender: 'M' | 'F' = r() < 0.6 ? 'M' : 'F';
  const surname = personName(r, headGender);
  const people: { age: number; gender: 'M' | 'F'; relation: string; name?: string }[] = [{ age: headAge, gender: headGender, relation: '户主', name: surname }];
  const alone = headAge >= 65 && r() < 0.25;
  if (!alone && r() < 0.8) people.push({ age: Math.max(20, headAge + Math.floor(r() * 7) - 3), gender: headGender === 'M' ? 'F' : 'M', relation: '配偶' });
  if (!alone && headAge < 70) {
    const kids = weighted(r, [[0, 25], [1, 50], [2, 22], [3, 3]]);
    for (let i = 0; i < kids; i++) {
      const kidAge = Math.max(0, headAge - 22 - Math.floor(r() * 14));
      people.push({ age: kidAge, gender: r() < 0.52 ? 'M' : 'F', relation: kidAge >= 0 ? (r() < 0.5 ? '子' : '女') : '子' });
    }
  }
  if (!alone && headAge < 55 && r() < 0.15) people.push({ age: headAge + 25 + Math.floor(r() * 8), gender: r() < 0.5 ? 'M' : 'F', relation: '父母' });
  const lowIncome = r() < 0.02;
  const family = surname.length > 2 && surname.includes('·') ? '' : surname.startsWith('欧阳') || surname.startsWith('司马') || surname.startsWith('上官') || surname.startsWith('诸葛') ? surname.slice(0, 2) : surname.slice(0, 1);
  return people.map((p, i) => {
    const gender = p.relation === '子' ? 'M' : p.relation === '女' ? 'F' : p.gender;
    let name = p.name ?? personName(r, gender);
    if ((p.relation === '子' || p.relation === '女') && family && !name.includes('·')) name = family + name.slice(name.length > 2 ? 1 : 1);
    const birthDate = birthDateFor(r, p.age, today);
    const overseas = res === 'overseas' && i === 0;
    const docNo = overseas ? `E${String(Math.floor(r() * 1e8)).padStart(8, '0')}` : residentId(r, birthDate, gender, res === 'floating');
    const tags: GenPerson['tags'] = [];
    const add = (code: string, attributes: Record<string, unknown> = {}) => tags.push({ code, attributes });
    if (p.age >= 18 && r() < 0.08) add('party_member', { joinDate: `${today.getUTCFullYear() - Math.floor(r() * Math.min(40, p.age - 17))}-07-01`, branch: '第一党支部' });
    if (r() < 0.04) add('disabled', { category: pick(r, ['视力', '听力', '言语', '肢体', '智力', '精神']), level: pick(r, ['一级', '二级', '三级', '四级']), certificateNo: `${docNo.slice(0, 18)}${Math.floor(r() * 4) + 1}${Math.floor(r() * 7) + 1}` });
    if (people.length === 1 && p.age >= 65) add('elderly_alone', { emergencyCall: r() < 0.6 ? '已安装' : '未安装' });
    else if (p.age >= 60 && people.every((x) => x.age >= 55)) add('empty_nest');
    if (gender === 'F' && p.age >= 15 && p.age <= 49 && people.some((x) => x.relation === '配偶')) add('childbearing_woman');
    if (p.age >= 18 && p.age < 60 && r() < 0.025) add('unemployed', { registeredDate: `${today.getUTCFullYear()}-0${1 + Math.floor(r() * 9)}-15` });
    if (p.age >= 16 && r() < 0.03) add('volunteer', { hours: Math.floor(r() * 200) });
    if (r() < 0.005) add('entitled', { kind: pick(r, ['伤残军人', '烈属', '复员军人']) });
    if (p.age >= 18 && r() < 0.0008) add('corrections', { class: pick(r, ['严管', '普管', '宽管']), startDate: `${today.getUTCFullYear() - 1}-03-01`, endDate: `${today.getUTCFullYear() + 1}-03-01` });
    if (p.age >= 16 && r() < 0.004) add('mental_health', { riskLevel: pick(r, ['0级', '1级', '2级', '3级']) });
    if (p.age >= 18 && r() < 0.0006) add('drug_rehab');
    if (p.age >= 20 && r() < 0.001) add('released', { releaseDate: `${today.getUTCFullYear() - 2}-06-30` });
    if (p.age < 16 && res === 'floating') add('floating_child');
    if (p.age < 16 && res === 'registered' && !people.some((x) => x.relation === '户主' && x.age < 60) && r() < 0.3) add('left_behind_child');
    // 低保 is granted per household; the head carries the tag and its amounts.
    if (i === 0 && lowIncome) add('low_income', { monthlyAmount: 400 + Math.floor(r() * 8) * 50 * people.length, startDate: `${today.getUTCFullYear() - 1}-0${1 + Math.floor(r() * 9)}-01`, nextReviewDate: `${today.getUTCFullYear() + 1}-0${1 + Math.floor(r() * 9)}-01` });
    seq();
    return {
      name, gender, birthDate, age: p.age, docType: overseas ? 'passport' : 'resident_id', docNo, phone: p.age >= 14 ? phone(r) : null,
      ethnicity: ethnicity(r), education: education(r, p.age),
      political: tags.some((t) => t.code === 'party_member') ? '中共党员' : p.age >= 14 && p.age <= 28 && r() < 0.3 ? '共青团员' : '群众',
      marital: p.age < 22 ? '未婚' : people.some((x) => x.relation === '配偶') && (p.relation === '户主' || p.relation === '配偶') ? '已婚' : p.age > 70 ? '丧偶' : r() < 0.5 ? '未婚' : '离婚',
      employment: p.age < 16 ? '学生' : p.age >= 60 ? '离退休' : tags.some((t) => t.code === 'unemployed') ? '失业' : pick(r, ['在职', '在职', '在职', '个体经营', '灵活就业', '学生']),
      residency: overseas ? 'overseas' : res, relation: p.relation, tags,
    };
  });
}
