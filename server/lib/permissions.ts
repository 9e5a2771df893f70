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
  // Residents' opinions and incidents (民情事件 / 工单) and grid work
  'case.read': '查看民情事件',
  'case.create': '登记民情事件',
  'case.dispatch': '受理、交办、退回、改派、合并事件',
  'case.handle': '签收、办理、答复事件',
  'case.supervise': '督办、催办、审批延期',
  'case.assess': '查看考核统计与问题清单',
  'case.config': '管理事件分类与工作日历',
  'case.report': '居民：反映问题、评价办理结果',
  'grid.work': '网格巡查、入户走访、矛盾纠纷调处',
  // One-stop service hall (服务事项 / 办件) and certificates (证明)
  'service.catalog.write': '管理服务事项清单',
  'application.intake': '窗口受理办件',
  'application.process': '后台部门办理办件',
  'application.read': '查看办件与统计',
  'application.apply': '居民：网上申请服务事项',
  'cert.read': '查看证明开具登记',
  'cert.issue': '开具证明',
  'cert.revoke': '撤销证明',
  'cert.catalog.write': '管理证明事项目录',
  'cert.stats': '查看不应开具证明的索要统计',
  // Burden reduction: admission (准入), burden account, ledgers (台账) and reports (报表)
  'admission.write': '管理社区事务准入清单',
  'task.request': '部门：提交准入事项申请',
  'task.review': '街道：审核准入事项申请',
  'task.read': '查看准入事项与下派任务',
  'burden.log': '社区：登记检查、考核、会议、报表、挂牌',
  'burden.read': '查看减负台账（各部门负担）',
  'ledger.read': '查看台账',
  'ledger.write': '定义台账',
  'ledger.export': '导出台账',
  'report.read': '查看统计报表',
} as const;

export type Permission = keyof typeof PERMISSIONS;

const ALL = Object.keys(PERMISSIONS) as Permission[];
const SENSITIVE_TAGS: Permission[] = ['tag.sensitive.corrections', 'tag.sensitive.mental_health', 'tag.sensitive.drug', 'tag.sensitive.released'];
const BASIC: Permission[] = ['region.read', 'dashboard.read', 'job.read', 'file.read', 'file.write'];

export type RoleDef = { code: string; nameZh: string; nameEn: string; permissions: string[] };

export const BUILTIN_ROLES: RoleDef[] = [
  { code: 'system_admin', nameZh: '系统管理员', nameEn: 'System admin', permissions: ['*'] },
  { code: 'district_admin', nameZh: '区级管理员', nameEn: 'District admin', permissions: ALL.filter((p) => !['self.read', 'person.share', 'case.report', 'application.apply'].includes(p)) },
  {
    code: 'street_staff', nameZh: '街道工作人员', nameEn: 'Street staff',
    permissions: [...BASIC, 'region.write', 'user.read', 'user.write', 'person.read', 'person.export', 'audit.read',
      'case.read', 'case.create', 'case.dispatch', 'case.handle', 'case.supervise', 'case.assess',
      'application.read', 'application.process', 'cert.read', 'cert.stats',
      'task.read', 'task.review', 'burden.read', 'ledger.read', 'ledger.export', 'report.read'],
  },
  {
    code: 'community_secretary', nameZh: '社区书记/主任', nameEn: 'Community secretary/director',
    permissions: [...BASIC, 'region.write', 'user.read', 'user.write', 'person.read', 'person.write', 'person.reveal', 'person.import', 'person.export', ...SENSITIVE_TAGS,
      'case.read', 'case.create', 'case.dispatch', 'case.handle', 'case.assess', 'grid.work',
      'application.intake', 'application.read', 'cert.read', 'cert.issue', 'cert.revoke',
      'task.read', 'burden.log', 'burden.read', 'ledger.read', 'ledger.export', 'report.read'],
  },
  {
    code: 'community_worker', nameZh: '社区工作者', nameEn: 'Community worker',
    permissions: [...BASIC, 'person.read', 'person.write', 'person.import', 'person.export',
      'case.read', 'case.create', 'case.dispatch', 'case.handle', 'grid.work',
      'application.intake', 'application.read', 'cert.read', 'cert.issue',
      'task.read', 'burden.log', 'ledger.read', 'ledger.export', 'report.read'],
  },
  { code: 'grid_worker', nameZh: '网格员', nameEn: 'Grid worker', permissions: [...BASIC, 'person.read', 'person.write', 'case.read', 'case.create', 'case.handle', 'grid.work'] },
  {
    code: 'department_staff', nameZh: '部门工作人员', nameEn: 'Department staff',
    permissions: [...BASIC, 'case.read', 'case.handle', 'application.read', 'application.process', 'task.request', 'task.read'],
  },
  { code: 'social_worker', nameZh: '社工机构人员', nameEn: 'Social-work agency staff', permissions: [...BASIC, 'person.read', 'case.read'] },
  { code: 'resident', nameZh: '居民', nameEn: 'Resident', permissions: ['self.read', 'file.read', 'file.write', 'case.report', 'application.apply'] },
];

export function isKnownPermission(p: string): boolean {
  return p === '*' || p in PERMISSIONS;
}
