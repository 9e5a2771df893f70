// 事件分类 (/case-categories): the configurable category tree — code, default handling unit, default urgency and the
// accept / handle / reply time limits per urgency. Retiring keeps old cases readable; nothing is deleted.
import { useState, type Key } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { Button, Col, Form, Input, InputNumber, Row, Select, Space, Switch, Tag, Typography, message } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { createCategoryBody, type Urgency } from '../../../contracts/cases.ts';
import { api, errorMessage } from '../../lib/api.ts';
import { zodRule } from '../../lib/form.ts';
import { useT } from '../../lib/i18n.ts';
import { useDepartments } from '../../lib/accounts.ts';
import { useCan } from '../../app/auth.tsx';
import { DataTable } from '../../components/data-table.tsx';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { FormModal } from '../../components/form-modal.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { ASSIGNEE_TYPES, URGENCIES, categoryTree, lbl, options, useCategories, type Category, type CategoryNode } from './cases-api.ts';

type Limits = Category['limits'];
type Values = { code: string; name: string; unitType: Category['unitType']; departmentCode?: string | null; defaultUrgency: Urgency; sort?: number; limits: Limits };
type Row_ = Omit<CategoryNode, 'children'> & { children?: Row_[] };

const STAGES = [['accept', '受理', 'Accept'], ['handle', '办理', 'Handle'], ['reply', '答复', 'Reply']] as const;
const URG: Urgency[] = ['normal', 'urgent', 'critical'];
const limitText = (l: { value: number; unit: 'hours' | 'days' }, zh: boolean) => `${l.value}${l.unit === 'hours' ? (zh ? '小时' : 'h') : (zh ? '个工作日' : 'd')}`;

/** Nine limits: three stages × three urgencies, each a number and a unit (working hours / working days). */
function LimitsEditor() {
  const t = useT();
  return (
    <table style={{ width: '100%', borderCollapse: 'collapse', marginBottom: 12 }}>
      <thead><tr><th />{STAGES.map(([k, zh, en]) => <th key={k} style={{ textAlign: 'left', fontWeight: 500 }}>{t(zh, en)}</th>)}</tr></thead>
      <tbody>
        {URG.map((u) => (
          <tr key={u}>
            <td style={{ paddingRight: 8, whiteSpace: 'nowrap' }}>{lbl(URGENCIES[u])}</td>
            {STAGES.map(([k]) => (
              <td key={k} style={{ padding: 2 }}>
                <Space.Compact>
                  <Form.Item name={['limits', u, k, 'value']} noStyle rules={[{ required: true }]}><InputNumber min={0.5} max={10000} step={0.5} style={{ width: 72 }} /></Form.Item>
                  <Form.Item name={['limits', u, k, 'unit']} noStyle>
                    <Select style={{ width: 84 }} options={[{ value: 'hours', label: t('小时', 'hours') }, { value: 'days', label: t('工作日', 'days') }]} />
                  </Form.Item>
                </Space.Compact>
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function CategoryModal({ edit, parent, onClose }: { edit: Category | null; parent: Category | null; onClose: () => void }) {
  const t = useT();
  const qc = useQueryClient();
  const [form] = Form.useForm<Values>();
  const depts = useDepartments();
  const unitType = Form.useWatch('unitType', form);
  const s = createCategoryBody.shape;
  const base = edit ?? parent;
  const submit = async (v: Values) => {
    const body = { ...v, departmentCode: v.unitType === 'department' ? v.departmentCode : null };
    if (edit) {
      const { code: _code, ...rest } = body;
      await api.patch(`/api/case-categories/${edit.id}`, rest);
    } else {
      await api.post('/api/case-categories', { ...body, parentId: parent?.id ?? null });
    }
    await qc.invalidateQueries({ queryKey: ['case-categories'] });
    void message.success(t('已保存', 'Saved'));
    onClose();
  };
  return (
    <FormModal<Values> title={edit ? t(`编辑分类：${edit.name}`, `Edit ${edit.name}`) : parent ? t(`新增「${parent.name}」的下级分类`, `New sub-category of ${parent.name}`) : t('新增一级分类', 'New top category')}
      form={form} onSubmit={submit} onClose={onClose} testId="category" width={640}
      initialValues={{
        code: edit?.code ?? (parent ? parent.code : ''), name: edit?.name, unitType: base?.unitType ?? 'community', departmentCode: base?.departmentCode ?? undefined,
        defaultUrgency: base?.defaultUrgency ?? 'normal', sort: edit?.sort ?? 0, limits: base?.limits,
      }}>
      <Row gutter={12}>
        <Col xs={24} md={8}><Form.Item name="code" label={t('编码', 'Code')} rules={[zodRule(s.code, { required: true })]}><Input disabled={!!edit} /></Form.Item></Col>
        <Col xs={24} md={16}><Form.Item name="name" label={t('名称', 'Name')} rules={[zodRule(s.name, { required: true })]}><Input maxLength={40} /></Form.Item></Col>
        <Col xs={24} md={8}><Form.Item name="unitType" label={t('默认办理单位', 'Default owner')}><Select options={options(ASSIGNEE_TYPES)} /></Form.Item></Col>
        <Col xs={24} md={8}>
          <Form.Item name="departmentCode" label={t('默认部门', 'Department')} rules={[{ required: unitType === 'department', message: t('请选择部门', 'Choose the department') }]}>
            <Select allowClear disabled={unitType !== 'department'} options={(depts.data ?? []).map((d) => ({ value: d.code, label: d.name }))} />
          </Form.Item>
        </Col>
        <Col xs={12} md={4}><Form.Item name="defaultUrgency" label={t('默认紧急程度', 'Urgency')}><Select options={options(URGENCIES)} /></Form.Item></Col>
        <Col xs={12} md={4}><Form.Item name="sort" label={t('排序', 'Sort')}><InputNumber min={0} max={100000} style={{ width: '100%' }} /></Form.Item></Col>
      </Row>
      {base?.limits || edit ? <Typography.Text strong>{t('时限（工作时间）', 'Time limits (working time)')}</Typography.Text> : null}
      {base?.limits ? <LimitsEditor /> : <Typography.Paragraph type="secondary">{t('时限默认沿用系统默认值，保存后可编辑', 'Limits start from the defaults; edit them after saving')}</Typography.Paragraph>}
    </FormModal>
  );
}

export function CategoriesPage() {
  const t = useT();
  const can = useCan();
  const qc = useQueryClient();
  const [showRetired, setShowRetired] = useState(false);
  const [expanded, setExpanded] = useState<readonly Key[] | null>(null);
  const [modal, setModal] = useState<{ edit: Category | null; parent: Category | null } | null>(null);
  const cats = useCategories(false, showRetired);
  const zh = t('是', 'yes') === '是';
  const tree = categoryTree(cats.data ?? []);
  const strip = (n: CategoryNode): Row_ => ({ ...n, children: n.children.length ? n.children.map(strip) : undefined });
  const writable = can('case.config');
  const retire = async (c: Category, retired: boolean) => {
    try {
      await api.patch(`/api/case-categories/${c.id}`, { retired });
      await qc.invalidateQueries({ queryKey: ['case-categories'] });
    } catch (err) {
      void message.error(errorMessage(err));
    }
  };
  const depts = useDepartments();
  return (
    <div data-testid="categories-page">
      <PageHeader title={t('事件分类', 'Case categories')} sub={t('分类、默认办理单位、紧急程度和办理时限', 'Categories, default owner, urgency and time limits')}
        extra={<Space>
          <Switch checked={showRetired} onChange={setShowRetired} checkedChildren={t('含停用', 'With retired')} unCheckedChildren={t('仅启用', 'Active')} />
          {writable && <Button type="primary" icon={<PlusOutlined />} onClick={() => setModal({ edit: null, parent: null })} data-testid="category-new">{t('新增一级分类', 'New category')}</Button>}
        </Space>} />
      <ErrorAlert error={cats.error} />
      <DataTable<Row_> rowKey="id" loading={cats.isLoading} dataSource={tree.map(strip)} pagination={false} expandable={{ expandedRowKeys: expanded ?? tree.map((n) => n.id), onExpandedRowsChange: setExpanded }}
        columns={[
          { title: t('编码', 'Code'), dataIndex: 'code', width: 110 },
          { title: t('名称', 'Name'), dataIndex: 'name', render: (v: string, r) => <Space>{v}{r.retired && <Tag>{t('已停用', 'Retired')}</Tag>}</Space> },
          { title: t('默认办理单位', 'Owner'), dataIndex: 'unitType', render: (v: Category['unitType'], r) => (v === 'department' ? depts.data?.find((d) => d.code === r.departmentCode)?.name ?? r.departmentCode : lbl(ASSIGNEE_TYPES[v])) },
          { title: t('紧急程度', 'Urgency'), dataIndex: 'defaultUrgency', render: (v: Urgency) => lbl(URGENCIES[v]) },
          { title: t('一般件时限（受理/办理/答复）', 'Normal limits (accept/handle/reply)'), dataIndex: 'limits', render: (l: Limits) => STAGES.map(([k]) => limitText(l.normal[k], zh)).join(' / ') },
          ...(writable ? [{
            title: t('操作', 'Actions'), key: 'ops', render: (_: unknown, r: Row_) => (
              <Space size={0} wrap>
                <Button type="link" size="small" onClick={() => setModal({ edit: r, parent: null })} data-testid={`category-edit-${r.code}`}>{t('编辑', 'Edit')}</Button>
                {!r.parentId && <Button type="link" size="small" onClick={() => setModal({ edit: null, parent: r })}>{t('加下级', 'Add child')}</Button>}
                <Button type="link" size="small" danger={!r.retired} onClick={() => retire(r, !r.retired)}>{r.retired ? t('启用', 'Restore') : t('停用', 'Retire')}</Button>
              </Space>
            ),
          }] : []),
        ]} />
      {modal && <CategoryModal edit={modal.edit} parent={modal.parent} onClose={() => setModal(null)} />}
    </div>
  );
}
