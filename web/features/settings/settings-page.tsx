// 参数设置: the locality's configurable norms and time limits (JSON values), editable with settings.write.
import { useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Form, Input, Typography, message } from 'antd';
import type { z } from 'zod';
import type { settingItem } from '../../../contracts/platform.ts';
import { api } from '../../lib/api.ts';
import { useT } from '../../lib/i18n.ts';
import { PageHeader } from '../../components/page-header.tsx';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { DataTable } from '../../components/data-table.tsx';
import { FormModal } from '../../components/form-modal.tsx';
import { useCan } from '../../app/auth.tsx';

type Setting = z.infer<typeof settingItem>;

function EditSetting({ setting, onClose }: { setting: Setting; onClose: () => void }) {
  const t = useT();
  const qc = useQueryClient();
  const [form] = Form.useForm<{ json: string }>();
  return (
    <FormModal<{ json: string }>
      title={t(`修改参数 ${setting.key}`, `Edit ${setting.key}`)}
      form={form}
      testId="setting-form"
      width={640}
      initialValues={{ json: JSON.stringify(setting.value, null, 2) }}
      onClose={onClose}
      onSubmit={async (v) => {
        await api.put(`/api/settings/${encodeURIComponent(setting.key)}`, { value: JSON.parse(v.json) as unknown });
        void message.success(t('saved'));
        await qc.invalidateQueries({ queryKey: ['settings'] });
        onClose();
      }}
    >
      {setting.description && <Typography.Paragraph type="secondary">{setting.description}</Typography.Paragraph>}
      <Form.Item
        name="json"
        label={t('值（JSON）', 'Value (JSON)')}
        rules={[{
          validator: async (_r, v: string) => {
            try {
              JSON.parse(v);
            } catch {
              throw new Error(t('不是有效的 JSON，例如数字 30、字符串 "abc"、对象 {"a": 1}', 'Not valid JSON, e.g. 30, "abc" or {"a": 1}'));
            }
          },
        }]}
      >
        <Input.TextArea autoSize={{ minRows: 4, maxRows: 18 }} style={{ fontFamily: 'monospace' }} data-testid="setting-form-json" />
      </Form.Item>
    </FormModal>
  );
}

export function SettingsPage() {
  const t = useT();
  const can = useCan();
  const [editing, setEditing] = useState<Setting | null>(null);
  const list = useQuery({ queryKey: ['settings'], queryFn: () => api.get<Setting[]>('/api/settings') });
  return (
    <div data-testid="settings-page">
      <PageHeader title={t('参数设置', 'Settings')} sub={t('标准、时限、配额等均为本地可配置参数，默认值取自文件', 'Norms, time limits and quotas are local settings')} />
      <ErrorAlert error={list.error} />
      <DataTable<Setting>
        rowKey="key"
        loading={list.isLoading}
        dataSource={list.data}
        pagination={false}
        columns={[
          { title: t('参数', 'Key'), dataIndex: 'key', render: (k: string) => <Typography.Text code>{k}</Typography.Text> },
          {
            title: t('值', 'Value'), dataIndex: 'value',
            render: (v: unknown) => <Typography.Text ellipsis={{ tooltip: JSON.stringify(v) }} style={{ maxWidth: 260, display: 'inline-block', fontFamily: 'monospace' }}>{JSON.stringify(v)}</Typography.Text>,
          },
          // Long descriptions wrap within a fixed width so the value and the edit link stay on screen.
          { title: t('说明', 'Description'), dataIndex: 'description', width: 480, render: (d: string | null) => d ?? '—' },
          ...(can('settings.write') ? [{ title: t('actions'), key: 'a', render: (_: unknown, s: Setting) => <Button size="small" type="link" onClick={() => setEditing(s)}>{t('edit')}</Button> }] : []),
        ]}
      />
      {editing && <EditSetting setting={editing} onClose={() => setEditing(null)} />}
    </div>
  );
}
