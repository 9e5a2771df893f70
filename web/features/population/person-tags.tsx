// A person's tags with their attributes, and the dialog that adds or edits one: its form is generated from the
// tag type's attribute definitions (text, number, date, enum; required marks). Sensitive tags appear only when the
// server returns them (the caller holds the matching permission).
import { useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { Button, Card, Descriptions, Empty, Flex, Form, Input, InputNumber, Popconfirm, Select, Space, Tag, Typography, message } from 'antd';
import { DeleteOutlined, EditOutlined, LockOutlined, PlusOutlined } from '@ant-design/icons';
import { ApiError, api, errorMessage } from '../../lib/api.ts';
import { useLang, useT } from '../../lib/i18n.ts';
import { FormModal } from '../../components/form-modal.tsx';
import { PERSON_KEY, useTagTypes, type Person, type TagAttribute, type TagOnPerson, type TagType } from './population-api.ts';

type TagValues = { code: string; attributes: Record<string, string | number | undefined>; startDate?: string; endDate?: string };

/** One generated control; Form.Item hands it value and onChange, which go straight to the antd input. */
function AttributeInput({ def, value, onChange }: { def: TagAttribute; value?: string | number | null; onChange?: (v: unknown) => void }) {
  const id = `tag-attr-${def.key}`;
  if (def.type === 'number') return <InputNumber style={{ width: '100%' }} value={value as number | null | undefined} onChange={onChange} data-testid={id} />;
  if (def.type === 'date') return <Input type="date" value={(value as string | undefined) ?? ''} onChange={(e) => onChange?.(e.target.value)} data-testid={id} />;
  if (def.type === 'enum') return <Select allowClear value={value ?? undefined} onChange={onChange} options={(def.options ?? []).map((o) => ({ value: o, label: o }))} data-testid={id} />;
  return <Input value={(value as string | undefined) ?? ''} onChange={(e) => onChange?.(e.target.value)} data-testid={id} />;
}

function TagModal({ person, current, onClose }: { person: Person; current?: TagOnPerson; onClose: () => void }) {
  const t = useT();
  const lang = useLang();
  const qc = useQueryClient();
  const types = useTagTypes();
  const [form] = Form.useForm<TagValues>();
  const code = Form.useWatch('code', form) ?? current?.code;
  const type: TagType | undefined = types.data?.find((x) => x.code === code);
  const taken = new Set(person.tags.map((x) => x.code));
  const initial: Partial<TagValues> = current
    ? { code: current.code, attributes: current.attributes as TagValues['attributes'], startDate: current.startDate ?? undefined, endDate: current.endDate ?? undefined }
    : { attributes: {} };

  const submit = async (v: TagValues) => {
    const attributes = Object.fromEntries(Object.entries(v.attributes ?? {}).filter(([, x]) => x !== undefined && x !== null && x !== ''));
    try {
      await api.put(`/api/persons/${person.id}/tags/${v.code}`, { attributes, startDate: v.startDate || null, endDate: v.endDate || null });
    } catch (err) {
      // "attributes.level" lands on the generated field of that attribute.
      if (err instanceof ApiError) form.setFields(err.fields.map((f) => ({ name: f.path.split('.'), errors: [f.message] })) as Parameters<typeof form.setFields>[0]);
      throw err;
    }
    void message.success(t('标签已保存', 'Tag saved'));
    await qc.invalidateQueries({ queryKey: PERSON_KEY });
    onClose();
  };

  return (
    <FormModal<TagValues> title={current ? t(`编辑标签：${current.name}`, `Edit tag: ${current.name}`) : t('添加标签', 'Add a tag')} form={form} testId="tag-form" initialValues={initial} onClose={onClose} onSubmit={submit}>
      <Form.Item name="code" label={t('人员标签', 'Tag')} rules={[{ required: true, message: t('请选择标签', 'Choose a tag') }]}>
        <Select
          disabled={!!current}
          showSearch={{ optionFilterProp: 'label' }}
          loading={types.isLoading}
          data-testid="tag-form-code"
          onChange={() => form.setFieldValue('attributes', {})}
          options={(types.data ?? []).filter((x) => current || !taken.has(x.code)).map((x) => ({ value: x.code, label: `${lang === 'zh-CN' ? x.nameZh : x.nameEn}${x.sensitive ? ' 🔒' : ''}` }))}
        />
      </Form.Item>
      {type?.sensitive && <Typography.Paragraph type="warning">{t('敏感标签：仅有相应权限的人员可见，属性加密保存。', 'Sensitive: visible only with the matching permission; attributes are encrypted.')}</Typography.Paragraph>}
      {type?.attributes.map((def) => (
        <Form.Item key={def.key} name={['attributes', def.key]} label={def.label} rules={def.required ? [{ required: true, message: t(`请填写「${def.label}」`, `${def.label} is required`) }] : []}>
          <AttributeInput def={def} />
        </Form.Item>
      ))}
      <Flex gap={12}>
        <Form.Item name="startDate" label={t('开始日期', 'Start date')} style={{ flex: 1 }}><Input type="date" /></Form.Item>
        <Form.Item name="endDate" label={t('结束日期', 'End date')} style={{ flex: 1 }}><Input type="date" /></Form.Item>
      </Flex>
    </FormModal>
  );
}

function attrText(type: TagType | undefined, tag: TagOnPerson) {
  const defs = type?.attributes ?? [];
  const keys = [...new Set([...defs.map((d) => d.key), ...Object.keys(tag.attributes)])].filter((k) => tag.attributes[k] !== undefined && tag.attributes[k] !== null && tag.attributes[k] !== '');
  return keys.map((k) => ({ key: k, label: defs.find((d) => d.key === k)?.label ?? k, children: String(tag.attributes[k]) }));
}

export function TagsCard({ person, writable }: { person: Person; writable: boolean }) {
  const t = useT();
  const qc = useQueryClient();
  const types = useTagTypes();
  const [editing, setEditing] = useState<TagOnPerson | 'new' | null>(null);
  const remove = async (code: string) => {
    try {
      await api.del(`/api/persons/${person.id}/tags/${code}`);
      void message.success(t('标签已移除', 'Tag removed'));
      await qc.invalidateQueries({ queryKey: PERSON_KEY });
    } catch (err) {
      void message.error(errorMessage(err));
    }
  };
  return (
    <Card
      size="small"
      title={t('人员标签 / 特殊群体', 'Tags / special groups')}
      data-testid="person-tags"
      extra={writable && <Button size="small" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="tag-add">{t('添加标签', 'Add tag')}</Button>}
    >
      {!person.tags.length && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('暂无标签', 'No tags')} />}
      <Space orientation="vertical" style={{ width: '100%' }} size={12}>
        {person.tags.map((tag) => {
          const attrs = attrText(types.data?.find((x) => x.code === tag.code), tag);
          return (
            <div key={tag.code} data-testid={`person-tag-${tag.code}`} style={{ borderBottom: '1px solid #f0f0f0', paddingBottom: 8 }}>
              <Flex justify="space-between" align="center" wrap gap={4}>
                <Space size={4} wrap>
                  <Tag color={tag.sensitive ? 'red' : 'blue'} icon={tag.sensitive ? <LockOutlined /> : undefined}>{tag.name}</Tag>
                  {(tag.startDate || tag.endDate) && <Typography.Text type="secondary" style={{ fontSize: 12 }}>{tag.startDate ?? '…'} ~ {tag.endDate ?? t('至今', 'now')}</Typography.Text>}
                </Space>
                {writable && (
                  <Space size={0}>
                    <Button size="small" type="link" icon={<EditOutlined />} onClick={() => setEditing(tag)}>{t('edit')}</Button>
                    <Popconfirm title={t(`移除标签「${tag.name}」？`, `Remove ${tag.name}?`)} onConfirm={() => remove(tag.code)} okText={t('confirm')} cancelText={t('cancel')}>
                      <Button size="small" type="link" danger icon={<DeleteOutlined />} data-testid={`tag-remove-${tag.code}`}>{t('移除', 'Remove')}</Button>
                    </Popconfirm>
                  </Space>
                )}
              </Flex>
              {attrs.length > 0 && <Descriptions size="small" column={{ xs: 1, sm: 2 }} items={attrs} style={{ marginTop: 4 }} />}
            </div>
          );
        })}
      </Space>
      {editing && <TagModal person={person} current={editing === 'new' ? undefined : editing} onClose={() => setEditing(null)} />}
    </Card>
  );
}
