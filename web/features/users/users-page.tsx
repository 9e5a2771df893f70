// 账号管理: search and filter accounts within scope, create, edit (roles, scope, disable, unlock, reset password).
import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Button, Input, Select, Space, Tag } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { api } from '../../lib/api.ts';
import { useLang, useT } from '../../lib/i18n.ts';
import { fmtTime } from '../../lib/format.ts';
import { PageHeader } from '../../components/page-header.tsx';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { DataTable } from '../../components/data-table.tsx';
import { MaskedValue } from '../../components/masked-value.tsx';
import { useCan } from '../../app/auth.tsx';
import { roleName, useRoles, type Paged, type User } from '../../lib/accounts.ts';
import { CreateUserModal, EditUserModal } from './user-forms.tsx';

export function UsersPage() {
  const t = useT();
  const lang = useLang();
  const can = useCan();
  const roles = useRoles();
  const [q, setQ] = useState('');
  const [role, setRole] = useState<string | undefined>();
  const [page, setPage] = useState({ page: 1, pageSize: 20 });
  const [dialog, setDialog] = useState<{ kind: 'create' } | { kind: 'edit'; user: User } | null>(null);
  const list = useQuery({
    queryKey: ['users', { q, role, ...page }],
    queryFn: () => api.get<Paged<User>>('/api/users', { q, role, ...page }),
    placeholderData: (prev) => prev,
  });
  const writable = can('user.write');

  return (
    <div data-testid="users-page">
      <PageHeader
        title={t('账号管理', 'Users')}
        extra={writable && <Button type="primary" icon={<PlusOutlined />} data-testid="user-create" onClick={() => setDialog({ kind: 'create' })}>{t('新建账号', 'New user')}</Button>}
      />
      <Space wrap style={{ marginBottom: 12 }}>
        <Input.Search allowClear placeholder={t('用户名或姓名', 'User name or name')} onSearch={(v) => { setQ(v); setPage((p) => ({ ...p, page: 1 })); }} style={{ width: 220 }} data-testid="user-search" />
        <Select
          allowClear
          placeholder={t('按角色筛选', 'Filter by role')}
          style={{ width: 200 }}
          value={role}
          onChange={(v) => { setRole(v); setPage((p) => ({ ...p, page: 1 })); }}
          options={(roles.data ?? []).map((r) => ({ value: r.code, label: lang === 'zh-CN' ? r.nameZh : r.nameEn }))}
        />
      </Space>
      <ErrorAlert error={list.error} />
      <DataTable<User>
        rowKey="id"
        loading={list.isFetching}
        dataSource={list.data?.items}
        pagination={{ current: page.page, pageSize: page.pageSize, total: list.data?.total, showSizeChanger: true, onChange: (p, s) => setPage({ page: p, pageSize: s }) }}
        columns={[
          { title: t('用户名', 'User name'), dataIndex: 'username', fixed: 'left' },
          { title: t('姓名', 'Name'), dataIndex: 'displayName' },
          { title: t('scope'), dataIndex: 'scopeName' },
          { title: t('角色', 'Roles'), dataIndex: 'roles', render: (rs: string[]) => rs.map((c) => <Tag key={c}>{roleName(roles.data, c, lang)}</Tag>) },
          { title: t('部门', 'Department'), dataIndex: 'departmentName', render: (v: string | null) => v ?? '—' },
          {
            title: t('手机', 'Phone'), dataIndex: 'phone',
            render: (v: string | null, u) => <MaskedValue masked={v} canReveal={writable} reveal={async () => (await api.post<{ phone: string | null }>(`/api/users/${u.id}/reveal-phone`)).phone} />,
          },
          {
            title: t('status'), key: 'status',
            render: (_, u) => (
              <Space size={2} wrap>
                {u.disabled ? <Tag color="default">{t('已停用', 'Disabled')}</Tag> : <Tag color="success">{t('正常', 'Active')}</Tag>}
                {u.locked && <Tag color="error">{t('已锁定', 'Locked')}</Tag>}
                {u.mustChangePassword && <Tag color="warning">{t('待改初始密码', 'Initial password')}</Tag>}
              </Space>
            ),
          },
          { title: t('最近登录', 'Last login'), dataIndex: 'lastLoginAt', render: fmtTime },
          ...(writable ? [{
            title: t('actions'), key: 'actions', fixed: 'right' as const,
            render: (_: unknown, u: User) => <Button size="small" type="link" onClick={() => setDialog({ kind: 'edit', user: u })}>{t('edit')}</Button>,
          }] : []),
        ]}
      />
      {dialog?.kind === 'create' && <CreateUserModal onClose={() => setDialog(null)} />}
      {dialog?.kind === 'edit' && <EditUserModal user={dialog.user} onClose={() => setDialog(null)} />}
    </div>
  );
}
