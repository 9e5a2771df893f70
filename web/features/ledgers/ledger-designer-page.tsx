// The no-code ledger designer: source → (tag) → columns → filters → grouping → sort → sensitive columns.
// It builds the same definition the API takes; "校验" asks the server, whose field errors are shown as they are.
import { useMemo, useState } from 'react';
import { useNavigate } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Col, Form, Input, Row, Select, Space, Typography, message } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import type { FilterOp, LedgerDefinition } from '../../../contracts/ledgers.ts';
import { api } from '../../lib/api.ts';
import { useT } from '../../lib/i18n.ts';
import { PageHeader } from '../../components/page-header.tsx';
import { ErrorAlert } from '../../components/error-alert.tsx';
import type { LedgerDetail, LedgerSource } from './ledgers-api.ts';

type FieldType = LedgerSource['fields'][number]['type'];
const OPS: Record<FieldType, FilterOp[]> = {
  text: ['eq', 'ne', 'in', 'notIn', 'contains', 'startsWith', 'isNull', 'notNull'],
  enum: ['eq', 'ne', 'in', 'notIn', 'isNull', 'notNull'],
  number: ['eq', 'ne', 'in', 'notIn', 'gt', 'gte', 'lt', 'lte', 'between', 'isNull', 'notNull'],
  date: ['eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'between', 'isNull', 'notNull'],
  bool: ['eq', 'ne', 'isNull', 'notNull'],
};
const OP_ZH: Record<FilterOp, string> = {
  eq: '等于', ne: '不等于', in: '属于（逗号分隔）', notIn: '不属于', gt: '大于', gte: '大于等于', lt: '小于', lte: '小于等于',
  between: '介于（两个值，逗号分隔）', contains: '包含', startsWith: '开头是', isNull: '为空', notNull: '不为空',
};
type FilterRow = { field?: string; op?: FilterOp; value?: string };

export function LedgerDesignerPage() {
  const t = useT();
  const nav = useNavigate();
  const [head, setHead] = useState({ code: '', name: '', department: '', description: '' });
  const [source, setSource] = useState<string>();
  const [tag, setTag] = useState<string>();
  const [columns, setColumns] = useState<string[]>([]);
  const [filters, setFilters] = useState<FilterRow[]>([]);
  const [groupBy, setGroupBy] = useState<string[]>([]);
  const [sort, setSort] = useState<{ field?: string; dir: 'asc' | 'desc' }>({ dir: 'asc' });
  const [sensitive, setSensitive] = useState<string[]>([]);
  const [archive, setArchive] = useState<LedgerDefinition['archive']>('month');
  const [error, setError] = useState<unknown>(null);
  const [checked, setChecked] = useState<string | null>(null);
  const sources = useQuery({ queryKey: ['ledger-sources', tag], queryFn: () => api.get<LedgerSource[]>('/api/ledgers/sources', { tag }) });
  const tags = useQuery({ queryKey: ['ledger-tags'], queryFn: () => api.get<{ code: string; name: string }[]>('/api/ledgers/tags') });
  const src = sources.data?.find((s) => s.name === source);
  const fields = useMemo(() => new Map((src?.fields ?? []).map((f) => [f.key, f])), [src]);
  const fieldOptions = (only?: (f: LedgerSource['fields'][number]) => boolean) => (src?.fields ?? []).filter((f) => !only || only(f)).map((f) => ({ value: f.key, label: f.label }));

  const value = (f: FilterRow): unknown => {
    const fd = f.field ? fields.get(f.field) : undefined;
    if (!f.op || f.op === 'isNull' || f.op === 'notNull') return undefined;
    const one = (s: string) => (fd?.type === 'number' && s.trim() !== '' && !Number.isNaN(Number(s)) ? Number(s) : fd?.type === 'bool' ? s === 'true' || s === '是' : s.trim());
    if (['in', 'notIn', 'between'].includes(f.op)) return (f.value ?? '').split(/[,，]/).filter((x) => x.trim() !== '').map(one);
    return one(f.value ?? '');
  };
  const definition = () => ({
    ...head, description: head.description || undefined, source: source ?? '', tag: src?.needsTag ? tag : undefined,
    columns: columns.map((field) => ({ field })), filters: filters.map((f) => ({ field: f.field ?? '', op: f.op ?? 'eq', value: value(f) })),
    groupBy, sort: sort.field ? [{ field: sort.field, dir: sort.dir }] : [], sensitive, archive,
  });
  const validate = async () => {
    setError(null);
    setChecked(null);
    try {
      const r = await api.post<{ columns: { label: string }[] }>('/api/ledgers/validate', definition());
      setChecked(r.columns.map((c) => c.label).join('、'));
    } catch (e) { setError(e); }
  };
  const save = async () => {
    setError(null);
    try {
      const r = await api.post<LedgerDetail>('/api/ledgers', definition());
      void message.success(t('台账已保存', 'Saved'));
      void nav(`/ledgers/${r.id}`);
    } catch (e) { setError(e); }
  };

  return (
    <div data-testid="ledger-designer">
      <PageHeader title={t('新建台账', 'New ledger')} sub={t('选择数据来源、列和条件，无需编写代码', 'Choose a source, columns and conditions; no code')} />
      <ErrorAlert error={error} testId="designer-error" />
      {checked && <Alert type="success" showIcon title={t(`定义有效，列：${checked}`, `Valid: ${checked}`)} style={{ marginBottom: 12 }} data-testid="designer-valid" />}
      <Card size="small" title={t('1. 基本信息', '1. About')} style={{ marginBottom: 12 }}>
        <Form layout="vertical"><Row gutter={12}>
          <Col xs={24} md={6}><Form.Item label={t('台账名称', 'Name')}><Input value={head.name} onChange={(e) => setHead({ ...head, name: e.target.value })} data-testid="designer-name" /></Form.Item></Col>
          <Col xs={24} md={6}><Form.Item label={t('编码（小写字母、数字、下划线）', 'Code')}><Input value={head.code} onChange={(e) => setHead({ ...head, code: e.target.value })} data-testid="designer-code" /></Form.Item></Col>
          <Col xs={24} md={6}><Form.Item label={t('责任部门', 'Department')}><Input value={head.department} onChange={(e) => setHead({ ...head, department: e.target.value })} data-testid="designer-department" /></Form.Item></Col>
          <Col xs={24} md={6}><Form.Item label={t('归档周期', 'Archive')}><Select value={archive} onChange={setArchive} options={[{ value: 'month', label: '每月' }, { value: 'quarter', label: '每季' }, { value: 'year', label: '每年' }, { value: 'none', label: '不归档' }]} /></Form.Item></Col>
          <Col span={24}><Form.Item label={t('说明', 'Description')}><Input value={head.description} onChange={(e) => setHead({ ...head, description: e.target.value })} /></Form.Item></Col>
        </Row></Form>
      </Card>
      <Card size="small" title={t('2. 数据来源与列', '2. Source and columns')} style={{ marginBottom: 12 }}>
        <Space wrap style={{ marginBottom: 12 }}>
          <Select showSearch={{ optionFilterProp: 'label' }} style={{ width: 240 }} placeholder={t('数据来源', 'Source')} value={source} data-testid="designer-source"
            onChange={(v) => { setSource(v); setColumns([]); setFilters([]); setGroupBy([]); setSensitive([]); setSort({ dir: 'asc' }); }}
            options={(sources.data ?? []).map((s) => ({ value: s.name, label: `${s.label}${s.available ? '' : t('（模块未启用）', ' (unavailable)')}` }))} />
          {src?.needsTag && <Select showSearch={{ optionFilterProp: 'label' }} style={{ width: 200 }} placeholder={t('人员标签', 'Tag')} value={tag} onChange={setTag} data-testid="designer-tag"
            options={(tags.data ?? []).map((x) => ({ value: x.code, label: x.name }))} />}
        </Space>
        <Select mode="multiple" showSearch={{ optionFilterProp: 'label' }} style={{ width: '100%' }} placeholder={t('按顺序选择列', 'Columns, in order')} value={columns} onChange={setColumns} options={fieldOptions()} data-testid="designer-columns" />
      </Card>
      <Card size="small" title={t('3. 筛选条件', '3. Filters')} style={{ marginBottom: 12 }}
        extra={<Button size="small" icon={<PlusOutlined />} onClick={() => setFilters([...filters, {}])} data-testid="designer-add-filter">{t('添加条件', 'Add')}</Button>}>
        {filters.length === 0 && <Typography.Text type="secondary">{t('不加条件即列出全部记录', 'No filter: all records')}</Typography.Text>}
        {filters.map((f, i) => {
          const fd = f.field ? fields.get(f.field) : undefined;
          const set = (patch: FilterRow) => setFilters(filters.map((x, j) => (j === i ? { ...x, ...patch } : x)));
          return (
            <Space key={i} wrap style={{ display: 'flex', marginBottom: 8 }}>
              <Select showSearch={{ optionFilterProp: 'label' }} data-testid={`designer-filter-field-${i}`} style={{ width: 180 }} placeholder={t('字段', 'Field')} value={f.field} onChange={(field) => set({ field, op: undefined, value: undefined })} options={fieldOptions((x) => x.filterable)} />
              <Select showSearch={{ optionFilterProp: 'label' }} data-testid={`designer-filter-op-${i}`} style={{ width: 200 }} placeholder={t('条件', 'Condition')} value={f.op} onChange={(op) => set({ op })} options={(fd ? OPS[fd.type] : []).map((op) => ({ value: op, label: OP_ZH[op] }))} />
              {fd?.options && (f.op === 'eq' || f.op === 'ne')
                ? <Select style={{ width: 180 }} value={f.value} onChange={(v) => set({ value: v })} options={Object.entries(fd.options).map(([value, label]) => ({ value, label }))} />
                : <Input data-testid={`designer-filter-value-${i}`} style={{ width: 200 }} placeholder={fd?.type === 'date' ? 'YYYY-MM-DD' : t('取值', 'Value')} value={f.value} onChange={(e) => set({ value: e.target.value })} disabled={f.op === 'isNull' || f.op === 'notNull'} />}
              <Button icon={<DeleteOutlined />} onClick={() => setFilters(filters.filter((_, j) => j !== i))} />
            </Space>
          );
        })}
      </Card>
      <Card size="small" title={t('4. 分组、排序与敏感列', '4. Grouping, sort, sensitive columns')} style={{ marginBottom: 12 }}>
        <Row gutter={12}>
          <Col xs={24} md={8}><Typography.Text>{t('分组', 'Group by')}</Typography.Text><Select mode="multiple" maxCount={3} style={{ width: '100%' }} value={groupBy} onChange={setGroupBy} options={fieldOptions((x) => x.filterable)} /></Col>
          <Col xs={24} md={8}><Typography.Text>{t('排序', 'Sort')}</Typography.Text>
            <Space.Compact style={{ width: '100%' }}>
              <Select allowClear style={{ width: '70%' }} value={sort.field} onChange={(field) => setSort({ ...sort, field })} options={fieldOptions((x) => !x.sensitive)} />
              <Select style={{ width: '30%' }} value={sort.dir} onChange={(dir) => setSort({ ...sort, dir })} options={[{ value: 'asc', label: '升序' }, { value: 'desc', label: '降序' }]} />
            </Space.Compact>
          </Col>
          <Col xs={24} md={8}><Typography.Text>{t('另需掩码的列（证件号、电话总是掩码）', 'Also mask')}</Typography.Text><Select mode="multiple" style={{ width: '100%' }} value={sensitive} onChange={setSensitive} options={fieldOptions((x) => columns.includes(x.key))} /></Col>
        </Row>
      </Card>
      <Space>
        <Button onClick={validate} data-testid="designer-validate">{t('校验', 'Validate')}</Button>
        <Button type="primary" onClick={save} data-testid="designer-save">{t('保存', 'Save')}</Button>
      </Space>
    </div>
  );
}
