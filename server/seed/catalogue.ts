// Default catalogue rows: locality settings and the special-group tags from the documents.
// These are defaults a locality edits; nothing in code depends on the numbers.
export const DEFAULT_SETTINGS: { key: string; value: unknown; description: string }[] = [
  { key: 'grid.households_per_worker', value: 300, description: '每名网格员服务户数标准' },
  { key: 'staffing.households_per_social_worker', value: 500, description: '每名社区工作者服务户数标准' },
  { key: 'staffing.households_per_representative', value: { min: 50, max: 200 }, description: '每名居民代表联系户数' },
  { key: 'committee.members', value: { small: 3, large: 5, largeThresholdHouseholds: 2000 }, description: '居委会成员人数（户数阈值以上为大）' },
  { key: 'facility.office_m2_per_100_households', value: { perHundred: 20, minimum: 300 }, description: '办公和服务用房面积标准（每百户平方米，最低平方米）' },
  { key: 'funding.per_household', value: { perThousandHouseholds: 10000, perExtraHousehold: 11 }, description: '社区工作经费标准（元）' },
];

type Attr = { key: string; label: string; type: 'text' | 'number' | 'date' | 'enum'; options?: string[]; required?: boolean };
export type TagDef = { code: string; nameZh: string; nameEn: string; category: string; sensitive?: boolean; permission?: string; attributes?: Attr[] };

export const DEFAULT_TAGS: TagDef[] = [
  { code: 'party_member', nameZh: '党员', nameEn: 'Party member', category: 'organisation', attributes: [{ key: 'joinDate', label: '入党日期', type: 'date' }, { key: 'branch', label: '所在支部', type: 'text' }] },
  { code: 'low_income', nameZh: '低保对象', nameEn: 'Low-income (dibao)', category: 'relief', attributes: [{ key: 'monthlyAmount', label: '月保障金额（元）', type: 'number', required: true }, { key: 'startDate', label: '起始日期', type: 'date', required: true }, { key: 'nextReviewDate', label: '下次复核日期', type: 'date' }] },
  { code: 'disabled', nameZh: '残疾人', nameEn: 'Disabled', category: 'care', attributes: [{ key: 'category', label: '残疾类别', type: 'enum', options: ['视力', '听力', '言语', '肢体', '智力', '精神', '多重'], required: true }, { key: 'level', label: '残疾等级', type: 'enum', options: ['一级', '二级', '三级', '四级'], required: true }, { key: 'certificateNo', label: '残疾证号', type: 'text' }] },
  { code: 'elderly_alone', nameZh: '独居老人', nameEn: 'Elderly living alone', category: 'care', attributes: [{ key: 'emergencyCall', label: '平安通', type: 'enum', options: ['已安装', '未安装'] }] },
  { code: 'empty_nest', nameZh: '空巢老人', nameEn: 'Empty-nest elderly', category: 'care' },
  { code: 'entitled', nameZh: '优抚对象', nameEn: 'Entitled group (优抚)', category: 'relief', attributes: [{ key: 'kind', label: '优抚类别', type: 'enum', options: ['伤残军人', '烈属', '复员军人', '带病回乡退伍军人', '其他'] }] },
  { code: 'volunteer', nameZh: '志愿者', nameEn: 'Volunteer', category: 'organisation', attributes: [{ key: 'hours', label: '累计服务时长（小时）', type: 'number' }] },
  { code: 'childbearing_woman', nameZh: '育龄妇女', nameEn: 'Married woman of child-bearing age', category: 'family' },
  { code: 'unemployed', nameZh: '失业人员', nameEn: 'Unemployed', category: 'employment', attributes: [{ key: 'registeredDate', label: '失业登记日期', type: 'date' }] },
  { code: 'left_behind_child', nameZh: '留守儿童', nameEn: 'Left-behind child', category: 'care' },
  { code: 'floating_child', nameZh: '流动儿童', nameEn: 'Floating child', category: 'care' },
  { code: 'corrections', nameZh: '社区矫正对象', nameEn: 'Under community corrections', category: 'safety', sensitive: true, permission: 'tag.sensitive.corrections', attributes: [{ key: 'class', label: '管理类别', type: 'enum', options: ['严管', '普管', '宽管'], required: true }, { key: 'startDate', label: '矫正起始日', type: 'date' }, { key: 'endDate', label: '矫正期满日', type: 'date' }] },
  { code: 'mental_health', nameZh: '严重精神障碍患者', nameEn: 'Severe mental disorder', category: 'safety', sensitive: true, permission: 'tag.sensitive.mental_health', attributes: [{ key: 'riskLevel', label: '危险性评估等级', type: 'enum', options: ['0级', '1级', '2级', '3级', '4级', '5级'] }] },
  { code: 'drug_rehab', nameZh: '社区戒毒康复人员', nameEn: 'Drug rehabilitation', category: 'safety', sensitive: true, permission: 'tag.sensitive.drug' },
  { code: 'released', nameZh: '刑满释放人员（安置帮教）', nameEn: 'Released prisoner under assistance', category: 'safety', sensitive: true, permission: 'tag.sensitive.released', attributes: [{ key: 'releaseDate', label: '释放日期', type: 'date' }] },
];
