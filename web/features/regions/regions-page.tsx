// 区划管理: the region tree within the caller's scope; selecting a node shows its details, history and actions.
import { useEffect, useMemo, useRef, useState } from 'react';
import { Card, Col, Empty, Grid, Input, Row, Switch, Space, Tag, Tree, Typography, type TreeDataNode } from 'antd';
import { PageHeader } from '../../components/page-header.tsx';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { buildTree, LEVEL_LABEL, useRegions, type RegionNode } from '../../lib/regions.ts';
import { useLang, useT } from '../../lib/i18n.ts';
import { RegionDetail } from './region-detail.tsx';

const LEVEL_COLOR = { district: 'purple', street: 'blue', community: 'cyan', grid: 'green' } as const;

export function RegionsPage() {
  const t = useT();
  const lang = useLang();
  const [showRetired, setShowRetired] = useState(false);
  const [filter, setFilter] = useState('');
  const { data = [], error, isLoading } = useRegions(showRetired);
  const [selected, setSelected] = useState<number | null>(null);
  const [expanded, setExpanded] = useState<number[] | null>(null);

  const roots = useMemo(() => buildTree(data), [data]);
  // On a phone the details sit below the tree: bring them into view when a node is chosen.
  const phone = !Grid.useBreakpoint().lg;
  const detailRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (phone && selected) detailRef.current?.scrollIntoView({ behavior: 'smooth', block: 'start' });
  }, [phone, selected]);
  // Start with everything open in a normal-sized scope; a whole city opens down to communities only.
  useEffect(() => {
    if (expanded === null && data.length) setExpanded(data.filter((r) => data.length < 300 || r.level !== 'community').map((r) => r.id));
  }, [data, expanded]);

  const f = filter.trim();
  const matches = (n: RegionNode): boolean => !f || n.name.includes(f) || n.code.startsWith(f) || n.children.some(matches);
  const toNode = (n: RegionNode): TreeDataNode => ({
    key: n.id,
    title: (
      <span data-testid={`region-node-${n.code}`} style={n.retiredAt ? { color: '#999', textDecoration: 'line-through' } : undefined}>
        <Tag color={LEVEL_COLOR[n.level]} style={{ marginInlineEnd: 6 }}>{LEVEL_LABEL[n.level][lang === 'zh-CN' ? 0 : 1]}</Tag>
        {n.name}
        <Typography.Text type="secondary" style={{ marginInlineStart: 6, fontSize: 12 }}>{n.code}</Typography.Text>
      </span>
    ),
    children: n.children.filter(matches).map(toNode),
  });
  const selectedRegion = data.find((r) => r.id === selected) ?? null;

  /** After creating a child: open its parent and select it, so the user sees it at once. */
  const focus = (id: number, parentId: number | null) => {
    setExpanded((e) => [...new Set([...(e ?? []), ...(parentId ? [parentId] : [])])]);
    setSelected(id);
  };

  return (
    <div data-testid="regions-page">
      <PageHeader title={t('区划管理', 'Regions')} sub={t('区县 → 街道 → 社区 → 网格', 'District → street → community → grid')} />
      <ErrorAlert error={error} />
      <Row gutter={[12, 12]}>
        <Col xs={24} lg={10}>
          <Card
            size="small"
            loading={isLoading}
            title={
              <Space wrap>
                <Input.Search allowClear size="small" placeholder={t('名称或代码', 'Name or code')} onChange={(e) => setFilter(e.target.value)} style={{ width: 180 }} />
                <Space size={4}>
                  <Switch size="small" checked={showRetired} onChange={setShowRetired} />
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('显示已撤销', 'Show retired')}</Typography.Text>
                </Space>
              </Space>
            }
          >
            {roots.length ? (
              <Tree
                data-testid="region-tree"
                blockNode
                treeData={roots.filter(matches).map(toNode)}
                expandedKeys={f ? data.map((r) => r.id) : (expanded ?? [])}
                onExpand={(keys) => setExpanded(keys.map(Number))}
                selectedKeys={selected ? [selected] : []}
                onSelect={(keys) => keys.length && setSelected(Number(keys[0]))}
                style={{ maxHeight: '70vh', overflow: 'auto' }}
              />
            ) : <Empty />}
          </Card>
        </Col>
        <Col xs={24} lg={14} ref={detailRef} style={{ scrollMarginTop: 64 }}>
          {selectedRegion
            ? <RegionDetail region={selectedRegion} all={data} onCreated={focus} onChanged={setSelected} />
            : <Card size="small"><Empty description={t('在左侧选择一个区划', 'Choose a region on the left')} /></Card>}
        </Col>
      </Row>
    </div>
  );
}
