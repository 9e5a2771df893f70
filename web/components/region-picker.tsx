// A region picker over the caller's own region tree (the server has already cut it to their scope).
import { TreeSelect } from 'antd';
import type { RegionLevel } from '../../contracts/common.ts';
import { buildTree, useRegions, type RegionNode } from '../lib/regions.ts';
import { useT } from '../lib/i18n.ts';

type Option = { value: number; title: string; disabled?: boolean; children: Option[] };

export function RegionPicker({ value, onChange, levels, placeholder, testId, allowClear }: {
  value?: number | null;
  onChange?: (v: number | null) => void;
  /** Only these levels can be chosen (others still show, to keep the tree readable). */
  levels?: RegionLevel[];
  placeholder?: string;
  testId?: string;
  allowClear?: boolean;
}) {
  const t = useT();
  const { data = [], isLoading } = useRegions();
  const toOption = (n: RegionNode): Option => ({
    value: n.id,
    title: `${n.name}（${n.code}）`,
    disabled: levels ? !levels.includes(n.level) : false,
    children: n.children.map(toOption),
  });
  return (
    <TreeSelect<number>
      data-testid={testId}
      value={value ?? undefined}
      onChange={(v) => onChange?.(v ?? null)}
      treeData={buildTree(data).map(toOption)}
      loading={isLoading}
      showSearch={{ treeNodeFilterProp: 'title' }}
      allowClear={allowClear}
      treeDefaultExpandAll={data.length < 60}
      placeholder={placeholder ?? t('选择区划', 'Choose a region')}
      style={{ width: '100%' }}
      popupMatchSelectWidth={false}
    />
  );
}
