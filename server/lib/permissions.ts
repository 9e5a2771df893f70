// The permission catalogue and the built-in roles. Roles are rows in `roles` (admins edit them);
// these are only the defaults the seed writes. Modules add their permissions here.
export const PERMISSIONS = {
  'region.read': '查看区划',
  'region.write': '管理区划（新建、改名、移动、撤销）',
  'user.read': '查看账号',
  'user.write': '管理账号',
  'role.write': '管理角色与权限',
  'token.read': '查看接口令牌',
  'token.write': '签发与吊销接口令牌',
  'audit.read': '查看审计日志',
  'audit.export': '导出审计日志',
  'job.read': '查看后台任务',
  'file.read': '查看附件',
  'file.write': '上传附件',
  'devinbox.read': '查看开发收件箱（短信验证码等）',
  'settings.write': '修改本地化参数',
  'dashboard.read': '查看首页统计',
  'person.read': '查看人口信息',
  'person.write': '录入与修改人口信息',
  'person.reveal': '查看完整身份证号与手机号（留痕）',
  'person.import': '批量导入人口',
  'person.export': '导出人口',
  'person.share': '部门共享读取人口（接口）',
  'tag.write': '管理人员标签目录',
  'tag.sensitive.corrections': '查看社区矫正对象',
  'tag.sensitive.mental_health': '查看严重精神障碍患者',
  'tag.sensitive.drug': '查看社区戒毒康复人员',
  'tag.sensitive.released': '查看刑满释放安置帮教人员',
  'self.read': '居民：查看本人信息与办理进度',
} as const;

export type Permission = keyof typeof PERMISSIONS;

const ALL = Object.keys(PERMISSIONS) as Permission[];
const SENSITIVE_TAGS: Permission[] = ['tag.sensitive.corrections', 'tag.sensitive.mental_health', 'tag.sensitive.drug', 'tag.sensitive.released'];
const BASIC: Permission[] = ['region.read', 'dashboard.read', 'job.read', 'file.read', 'file.write'];

export type RoleDef = { code: string; nameZh: string; nameEn: string; permissions: string[] };

export const BUILTIN_ROLES: RoleDef[] = [
  { code: 'system_admin', nameZh: '系统管理员', nameEn: 'System admin', permissions: ['*'] },
  { code: 'district_admin', nameZh: '区级管理员', nameEn: 'District admin', permissions: ALL.filter((p) => p !== 'self.read' && p !== 'person.share') },
  {
    code: 'street_staff', nameZh: '街道工作人员', nameEn: 'Street staff',
    permissions: [...BASIC, 'region.write', 'user.read', 'user.write', 'person.read', 'person.export', 'audit.read'],
  },
  {
    code: 'community_secretary', nameZh: '社区书记/主任', nameEn: 'Community secretary/director',
    permissions: [...BASIC, 'region.write', 'user.read', 'user.write', 'person.read', 'person.write', 'person.reveal', 'person.import', 'person.export', ...SENSITIVE_TAGS],
  },
  {
    code: 'community_worker', nameZh: '社区工作者', nameEn: 'Community worker',
    permissions: [...BASIC, 'person.read', 'person.write', 'person.import', 'person.export'],
  },
  { code: 'grid_worker', nameZh: '网格员', nameEn: 'Grid worker', permissions: [...BASIC, 'person.read', 'person.write'] },
  { code: 'department_staff', nameZh: '部门工作人员', nameEn: 'Department staff', permissions: [...BASIC] },
  { code: 'social_worker', nameZh: '社工机构人员', nameEn: 'Social-work agency staff', permissions: [...BASIC, 'person.read'] },
  { code: 'resident', nameZh: '居民', nameEn: 'Resident', permissions: ['self.read', 'file.write'] },
];

export function isKnownPermission(p: string): boolean {
  return p === '*' || p in PERMISSIONS;
}
