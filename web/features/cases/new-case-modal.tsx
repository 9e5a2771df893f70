// 登记诉求: staff entry of a case from the hotline, the window, a survey or a department transfer (POST /api/cases).
// The server suggests possible duplicates; the detail page shows them for merging.
import { useState } from 'react';
import { Checkbox, Col, Form, Input, Row, Select, Switch, TreeSelect, message } from 'antd';
import { createCaseBody } from '../../../contracts/cases.ts';
import { useCurrentUser } from '../../app/auth.tsx';
import { api } from '../../lib/api.ts';
import { zodRule } from '../../lib/form.ts';
import { useT } from '../../lib/i18n.ts';
import { FormModal } from '../../components/form-modal.tsx';
import { RegionPicker } from '../../components/region-picker.tsx';
import { PhotoPicker } from './report-page.tsx';
import { BuildingSelect, PersonsSelect } from './place-pickers.tsx';
import { REQUEST_TYPES, SOURCES, URGENCIES, categoryTree, options, uploadFiles, useCategories, type CaseDetail, type CaseItem, type CategoryNode } from './cases-api.ts';

type Values = {
  source: CaseItem['source']; requestType: keyof typeof REQUEST_TYPES; categoryId: string; urgency?: CaseItem['urgency']; title?: string; description: string;
  communityId?: number; buildingId?: string; personIds?: string[]; address?: string; anonymous: boolean; reporterName?: string; reporterPhone?: string; accept: boolean;
};
type TreeOption = { value: string; title: string; children: TreeOption[] };
const toTree = (n: CategoryNode): TreeOption => ({ value: n.id, title: `${n.code} ${n.name}`, children: n.children.map(toTree) });

export function NewCaseModal({ onClose, onCreated }: { onClose: () => void; onCreated: (id: string) => void }) {
  const t = useT();
  const me = useCurrentUser();
  const [form] = Form.useForm<Values>();
  const [photos, setPhotos] = useState<File[]>([]);
  const cats = useCategories();
  const anonymous = Form.useWatch('anonymous', form);
  const communityId = Form.useWatch('communityId', form);
  const canSeePersons = me.user.permissions.includes('person.read') || me.user.permissions.includes('*');
  const s = createCaseBody.shape;
  const needsCommunity = me.scope.level !== 'community' && me.scope.level !== 'grid';

  const submit = async (v: Values) => {
    const uploaded = await uploadFiles(photos, me.csrfToken);
    const r = await api.post<{ case: CaseDetail; duplicates: CaseItem[] }>('/api/cases', {
      ...v, title: v.title || undefined, address: v.address || undefined, reporterName: v.anonymous ? undefined : v.reporterName || undefined,
      reporterPhone: v.anonymous ? undefined : v.reporterPhone || undefined, photos: uploaded.map((f) => f.id),
    });
    if (r.duplicates.length) void message.warning(t(`发现 ${r.duplicates.length} 件可能重复的诉求，可在详情页合并`, `${r.duplicates.length} possible duplicates: merge them on the detail page`));
    else void message.success(t('已登记', 'Registered'));
    onCreated(r.case.id);
  };

  return (
    <FormModal<Values> title={t('登记诉求', 'New case')} form={form} onSubmit={submit} onClose={onClose} testId="new-case" width={720}
      submitText={t('登记', 'Register')} initialValues={{ source: 'hotline', requestType: 'help', anonymous: false, accept: false }}>
      <Row gutter={12}>
        <Col xs={24} md={8}>
          <Form.Item name="source" label={t('来源', 'Source')} rules={[{ required: true }]}>
            <Select options={options(SOURCES).filter((o) => o.value !== 'resident')} data-testid="new-case-source" />
          </Form.Item>
        </Col>
        <Col xs={24} md={8}>
          <Form.Item name="requestType" label={t('诉求类型', 'Request type')} rules={[{ required: true }]}>
            <Select options={options(REQUEST_TYPES)} />
          </Form.Item>
        </Col>
        <Col xs={24} md={8}>
          <Form.Item name="urgency" label={t('紧急程度', 'Urgency')} extra={t('不选则按分类默认', 'Default: from the category')}>
            <Select allowClear options={options(URGENCIES)} />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item name="categoryId" label={t('事件分类', 'Category')} rules={[{ required: true, message: t('请选择分类', 'Choose a category') }]}>
        <TreeSelect treeData={categoryTree(cats.data ?? []).map(toTree)} showSearch={{ treeNodeFilterProp: 'title' }} treeDefaultExpandAll={false} data-testid="new-case-category" />
      </Form.Item>
      <Form.Item name="title" label={t('标题（可选）', 'Title (optional)')} rules={[zodRule(s.title)]}><Input maxLength={80} /></Form.Item>
      <Form.Item name="description" label={t('情况描述', 'Description')} rules={[zodRule(s.description, { required: true })]}>
        <Input.TextArea rows={3} maxLength={4000} data-testid="new-case-description" />
      </Form.Item>
      <Row gutter={12}>
        {needsCommunity && (
          <Col xs={24} md={12}>
            <Form.Item name="communityId" label={t('事发社区', 'Community')} rules={[{ required: true, message: t('请选择社区', 'Choose the community') }]}>
              <RegionPicker levels={['community']} testId="new-case-community" />
            </Form.Item>
          </Col>
        )}
        <Col xs={24} md={needsCommunity ? 12 : 24}>
          <Form.Item name="address" label={t('地点', 'Place')} rules={[zodRule(s.address)]}><Input maxLength={200} data-testid="new-case-address" /></Form.Item>
        </Col>
      </Row>
      {canSeePersons && (
        <Row gutter={12}>
          <Col xs={24} md={12}>
            <Form.Item name="buildingId" label={t('楼栋', 'Building')} extra={t('选了楼栋，社区和网格随之确定', 'The building fixes the community and grid')}>
              <BuildingSelect communityId={communityId} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="personIds" label={t('相关人员（人口库）', 'People involved (from the base)')}>
              <PersonsSelect />
            </Form.Item>
          </Col>
        </Row>
      )}
      <Form.Item name="anonymous" label={t('匿名', 'Anonymous')} valuePropName="checked"><Switch /></Form.Item>
      {!anonymous && (
        <Row gutter={12}>
          <Col xs={24} md={12}><Form.Item name="reporterName" label={t('反映人', 'Reporter')}><Input maxLength={40} /></Form.Item></Col>
          <Col xs={24} md={12}>
            <Form.Item name="reporterPhone" label={t('联系电话（加密保存）', 'Phone (stored encrypted)')} rules={[zodRule(s.reporterPhone)]}><Input maxLength={20} /></Form.Item>
          </Col>
        </Row>
      )}
      <Form.Item label={t('照片、材料', 'Photos')}><PhotoPicker files={photos} onChange={setPhotos} testId="new-case-photos" /></Form.Item>
      <Form.Item name="accept" valuePropName="checked">
        <Checkbox>{t('当场直接受理', 'Accept at once')}</Checkbox>
      </Form.Item>
    </FormModal>
  );
}
