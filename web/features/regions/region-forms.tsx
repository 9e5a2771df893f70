// Create-child, rename and move dialogs. Field rules come from contracts/regions.ts; the code rule
// (grid = community code + 3 digits) is shown as a hint and the next free code is prefilled.
import { Form, Input, Typography, message } from 'antd';
import type { RegionLevel } from '../../../contracts/common.ts';
import { createRegionBody, moveRegionBody, renameRegionBody, type Region } from '../../../contracts/regions.ts';
import { api } from '../../lib/api.ts';
import { zodRules } from '../../lib/form.ts';
import { useLang, useT } from '../../lib/i18n.ts';
import { CODE_RULE, LEVEL_LABEL, suggestChildCode } from '../../lib/regions.ts';
import { FormModal } from '../../components/form-modal.tsx';
import { RegionPicker } from '../../components/region-picker.tsx';

const PARENT_LEVEL: Record<RegionLevel, RegionLevel | null> = { district: null, street: 'district', community: 'street', grid: 'community' };

function CodeHint({ level }: { level: RegionLevel }) {
  const lang = useLang();
  const rule = CODE_RULE[level];
  return <Typography.Text type="secondary">{lang === 'zh-CN' ? rule.zh : rule.en}</Typography.Text>;
}

export function CreateChildModal({ parent, level, siblings, onClose, onDone }: {
  parent: Region; level: RegionLevel; siblings: Region[]; onClose: () => void; onDone: (r: Region) => void;
}) {
  const t = useT();
  const lang = useLang();
  const [form] = Form.useForm<{ code: string; name: string }>();
  const rules = zodRules(createRegionBody);
  const levelName = LEVEL_LABEL[level][lang === 'zh-CN' ? 0 : 1];
  return (
    <FormModal
      title={t(`在“${parent.name}”下新建${levelName}`, `New ${levelName.toLowerCase()} under ${parent.name}`)}
      form={form}
      testId="region-form"
      initialValues={{ code: suggestChildCode(parent, siblings, level), name: '' }}
      onClose={onClose}
      onSubmit={async (v) => {
        const r = await api.post<Region>('/api/regions', { parentId: parent.id, code: v.code.trim(), name: v.name.trim() });
        void message.success(t(`已新建 ${r.name}`, `Created ${r.name}`));
        onDone(r);
      }}
    >
      <Form.Item name="code" label={t('区划代码', 'Code')} rules={rules.code} extra={<CodeHint level={level} />} required>
        <Input inputMode="numeric" maxLength={15} data-testid="region-form-code" />
      </Form.Item>
      <Form.Item name="name" label={t('name')} rules={rules.name} required>
        <Input maxLength={60} data-testid="region-form-name" placeholder={level === 'grid' ? t('如：第五网格', 'e.g. Grid 5') : undefined} />
      </Form.Item>
    </FormModal>
  );
}

export function RenameModal({ region, onClose, onDone }: { region: Region; onClose: () => void; onDone: () => void }) {
  const t = useT();
  const [form] = Form.useForm<{ name: string }>();
  const rules = zodRules(renameRegionBody);
  return (
    <FormModal title={t('改名', 'Rename')} form={form} testId="region-rename-form" initialValues={{ name: region.name }} onClose={onClose}
      onSubmit={async (v) => {
        await api.patch(`/api/regions/${region.id}`, { name: v.name.trim() });
        void message.success(t('saved'));
        onDone();
      }}
    >
      <Form.Item name="name" label={t('name')} rules={rules.name} required>
        <Input maxLength={60} data-testid="region-rename-name" />
      </Form.Item>
    </FormModal>
  );
}

export function MoveModal({ region, all, onClose, onDone }: { region: Region; all: Region[]; onClose: () => void; onDone: (r: Region) => void }) {
  const t = useT();
  const [form] = Form.useForm<{ parentId: number; code?: string }>();
  const rules = zodRules(moveRegionBody);
  const parentLevel = PARENT_LEVEL[region.level];
  // A new parent usually means a new code (it must start with the parent's); suggest the next free one.
  const onParent = (id: number | null) => {
    const p = all.find((r) => r.id === id);
    if (p) form.setFieldValue('code', suggestChildCode(p, all.filter((r) => r.parentId === p.id), region.level));
  };
  return (
    <FormModal title={t(`移动“${region.name}”`, `Move ${region.name}`)} form={form} testId="region-move-form" initialValues={{ parentId: region.parentId ?? undefined, code: region.code }} onClose={onClose}
      onSubmit={async (v) => {
        const body = { parentId: v.parentId, ...(v.code && v.code !== region.code ? { code: v.code.trim() } : {}) };
        const r = await api.post<Region>(`/api/regions/${region.id}/move`, body);
        void message.success(t('已移动', 'Moved'));
        onDone(r);
      }}
    >
      <Form.Item name="parentId" label={t('新的上级', 'New parent')} rules={[{ required: true, message: t('请选择上级区划', 'Choose the new parent') }]}>
        <RegionPicker levels={parentLevel ? [parentLevel] : []} onChange={onParent} testId="region-move-parent" />
      </Form.Item>
      <Form.Item name="code" label={t('新代码（可选）', 'New code (optional)')} rules={rules.code} extra={<CodeHint level={region.level} />}>
        <Input inputMode="numeric" maxLength={15} data-testid="region-move-code" />
      </Form.Item>
    </FormModal>
  );
}
