// Create and edit a person. Rules come from contracts/population.ts; the server checks the ID number again
// (GB 11643 check digit, birth date and gender derived from it) and its messages land on the matching fields.
import { Col, Form, Input, Row, Select, Typography, message } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { personInput, personPatch } from '../../../contracts/population.ts';
import { api } from '../../lib/api.ts';
import { zodRules } from '../../lib/form.ts';
import { useCurrentUser } from '../../app/auth.tsx';
import { useT } from '../../lib/i18n.ts';
import { FormModal } from '../../components/form-modal.tsx';
import { RegionPicker } from '../../components/region-picker.tsx';
import { DOC_TYPE, GENDER, RESIDENCY, label, type Person } from './population-api.ts';

type Values = {
  communityId?: number; name: string; formerNames?: string[]; gender?: 'M' | 'F' | null; birthDate?: string; docType: Person['docType']; docNumber?: string;
  phone?: string; ethnicity?: string; education?: string; politicalStatus?: string; maritalStatus?: string; employment?: string; registeredAddress?: string;
  residencyType: Person['residencyType']; relationToHead?: string;
};

const TEXT_KEYS = ['ethnicity', 'education', 'politicalStatus', 'maritalStatus', 'employment', 'registeredAddress', 'relationToHead'] as const;
const EDUCATION = ['小学', '初中', '高中', '中专', '大专', '本科', '研究生', '文盲或半文盲'];
const POLITICAL = ['中共党员', '中共预备党员', '共青团员', '民主党派', '群众'];
const MARITAL = ['未婚', '已婚', '离婚', '丧偶'];

const opts = (xs: string[]) => xs.map((x) => ({ value: x, label: x }));

export function PersonFormModal({ person, onClose, onSaved }: { person?: Person; onClose: () => void; onSaved?: (p: Person) => void }) {
  const t = useT();
  const qc = useQueryClient();
  const me = useCurrentUser();
  const [form] = Form.useForm<Values>();
  const editing = !!person;
  const rules = zodRules(editing ? personPatch : personInput);
  const needCommunity = !editing && me.scope.level !== 'community' && me.scope.level !== 'grid';
  const initial: Partial<Values> = person
    ? {
      name: person.name, formerNames: person.formerNames, gender: person.gender, birthDate: person.birthDate ?? undefined, docType: person.docType,
      residencyType: person.residencyType, ...Object.fromEntries(TEXT_KEYS.map((k) => [k, person[k] ?? undefined])),
    }
    : { docType: 'resident_id', residencyType: 'registered', formerNames: [] };

  const submit = async (v: Values) => {
    const clean = (s: string | undefined) => (s?.trim() ? s.trim() : null);
    const body: Record<string, unknown> = {
      name: v.name, formerNames: v.formerNames ?? [], gender: v.gender ?? null, birthDate: v.birthDate || null, docType: v.docType, residencyType: v.residencyType,
      ...Object.fromEntries(TEXT_KEYS.map((k) => [k, clean(v[k])])),
    };
    // The masked ID number and phone are never sent back: left empty, they stay as they are.
    if (v.docNumber?.trim()) body.docNumber = v.docNumber.trim();
    if (v.phone?.trim() || !editing) body.phone = clean(v.phone);
    let saved: Person;
    if (person) {
      saved = await api.patch<Person>(`/api/persons/${person.id}`, { ...body, version: person.version });
    } else {
      if (needCommunity) body.communityId = v.communityId;
      saved = await api.post<Person>('/api/persons', body);
    }
    void message.success(t('saved'));
    await qc.invalidateQueries({ queryKey: ['population'] });
    onSaved?.(saved);
    onClose();
  };

  const item = { xs: 24, sm: 12 };
  return (
    <FormModal<Values>
      title={editing ? t(`编辑人员：${person.name}`, `Edit ${person.name}`) : t('新增人员', 'New person')}
      form={form}
      testId="person-form"
      width={720}
      initialValues={initial}
      onClose={onClose}
      onSubmit={submit}
    >
      <Row gutter={12}>
        {needCommunity && (
          <Col xs={24}>
            <Form.Item name="communityId" label={t('社区', 'Community')} rules={[{ required: true, message: t('请选择社区', 'Choose the community') }]}>
              <RegionPicker levels={['community']} />
            </Form.Item>
          </Col>
        )}
        <Col {...item}><Form.Item name="name" label={t('姓名', 'Name')} rules={rules.name} required><Input data-testid="person-form-name" /></Form.Item></Col>
        <Col {...item}><Form.Item name="formerNames" label={t('曾用名', 'Former names')} rules={rules.formerNames}><Select mode="tags" open={false} suffixIcon={null} /></Form.Item></Col>
        <Col {...item}>
          <Form.Item name="docType" label={t('证件类型', 'Document type')} rules={rules.docType}>
            <Select options={Object.entries(DOC_TYPE).map(([k, v]) => ({ value: k, label: label(t, v) }))} />
          </Form.Item>
        </Col>
        <Col {...item}>
          <Form.Item
            name="docNumber"
            label={t('证件号码', 'Document number')}
            rules={editing ? [] : rules.docNumber}
            required={!editing}
            extra={editing ? <Typography.Text type="secondary">{t(`当前 ${person.docNumber ?? '—'}；留空不修改`, `Now ${person.docNumber ?? '—'}; leave empty to keep`)}</Typography.Text> : undefined}
          >
            <Input autoComplete="off" data-testid="person-form-doc" />
          </Form.Item>
        </Col>
        <Col {...item}>
          <Form.Item name="gender" label={t('性别', 'Gender')} extra={t('身份证号码可推算，填写须一致', 'Derived from the ID number; must agree')}>
            <Select allowClear options={(['M', 'F'] as const).map((g) => ({ value: g, label: label(t, GENDER[g]) }))} data-testid="person-form-gender" />
          </Form.Item>
        </Col>
        <Col {...item}><Form.Item name="birthDate" label={t('出生日期', 'Birth date')} rules={rules.birthDate}><Input type="date" data-testid="person-form-birth" /></Form.Item></Col>
        <Col {...item}>
          <Form.Item
            name="phone"
            label={t('联系电话', 'Phone')}
            rules={rules.phone}
            extra={editing && person.phone ? <Typography.Text type="secondary">{t(`当前 ${person.phone}；留空不修改`, `Now ${person.phone}; leave empty to keep`)}</Typography.Text> : undefined}
          >
            <Input inputMode="tel" data-testid="person-form-phone" />
          </Form.Item>
        </Col>
        <Col {...item}>
          <Form.Item name="residencyType" label={t('人口类型', 'Residency type')} rules={rules.residencyType}>
            <Select options={Object.entries(RESIDENCY).map(([k, v]) => ({ value: k, label: label(t, v) }))} />
          </Form.Item>
        </Col>
        <Col {...item}><Form.Item name="ethnicity" label={t('民族', 'Ethnicity')} rules={rules.ethnicity}><Input placeholder="汉族" /></Form.Item></Col>
        <Col {...item}><Form.Item name="education" label={t('文化程度', 'Education')} rules={rules.education}><Select allowClear options={opts(EDUCATION)} /></Form.Item></Col>
        <Col {...item}><Form.Item name="politicalStatus" label={t('政治面貌', 'Political status')} rules={rules.politicalStatus}><Select allowClear options={opts(POLITICAL)} /></Form.Item></Col>
        <Col {...item}><Form.Item name="maritalStatus" label={t('婚姻状况', 'Marital status')} rules={rules.maritalStatus}><Select allowClear options={opts(MARITAL)} /></Form.Item></Col>
        <Col {...item}><Form.Item name="employment" label={t('就业状况', 'Employment')} rules={rules.employment}><Input /></Form.Item></Col>
        <Col {...item}><Form.Item name="relationToHead" label={t('与户主关系', 'Relation to head')} rules={rules.relationToHead}><Input placeholder="户主 / 配偶 / 子 / 女" /></Form.Item></Col>
        <Col xs={24}><Form.Item name="registeredAddress" label={t('户籍地址', 'Registered address')} rules={rules.registeredAddress}><Input /></Form.Item></Col>
      </Row>
    </FormModal>
  );
}
