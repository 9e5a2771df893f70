// One region: details, history (GET /api/regions/:id/history) and, with region.write, the actions.
import { useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Card, Descriptions, Grid, Popconfirm, Space, Tag, Timeline, Typography, message } from 'antd';
import { DeleteOutlined, EditOutlined, PlusOutlined, SwapOutlined } from '@ant-design/icons';
import type { z } from 'zod';
import type { Region, regionHistoryItem } from '../../../contracts/regions.ts';
import { api, errorMessage } from '../../lib/api.ts';
import { CHILD_LEVEL, LEVEL_LABEL, REGIONS_KEY } from '../../lib/regions.ts';
import { useLang, useT } from '../../lib/i18n.ts';
import { fmtTime } from '../../lib/format.ts';
import { useCan } from '../../app/auth.tsx';
import { CreateChildModal, MoveModal, RenameModal } from './region-forms.tsx';

type HistoryItem = z.infer<typeof regionHistoryItem>;
type Dialog = 'create' | 'rename' | 'move' | null;

const ACTION: Record<string, [string, string]> = {
  create: ['新建', 'Created'], rename: ['改名', 'Renamed'], move: ['移动', 'Moved'], retire: ['撤销', 'Retired'],
};

function describeChange(h: HistoryItem): string {
  const b = (h.before ?? {}) as Partial<Region>;
  const a = (h.after ?? {}) as Partial<Region>;
  const parts: string[] = [];
  if (b.name && a.name && b.name !== a.name) parts.push(`${b.name} → ${a.name}`);
  if (b.code && a.code && b.code !== a.code) parts.push(`${b.code} → ${a.code}`);
  if (!b.name && a.name) parts.push(`${a.name}（${a.code}）`);
  return parts.join('，');
}

export function RegionDetail({ region, all, onCreated, onChanged }: {
  region: Region;
  all: Region[];
  onCreated: (id: number, parentId: number | null) => void;
  onChanged: (id: number) => void;
}) {
  const t = useT();
  const lang = useLang();
  const can = useCan();
  const qc = useQueryClient();
  const [dialog, setDialog] = useState<Dialog>(null);
  const history = useQuery({
    queryKey: [...REGIONS_KEY, region.id, 'history'],
    queryFn: () => api.get<HistoryItem[]>(`/api/regions/${region.id}/history`),
  });
  const parent = all.find((r) => r.id === region.parentId);
  const childLevel = CHILD_LEVEL[region.level];
  const writable = can('region.write') && !region.retiredAt;
  const lv = (l: keyof typeof LEVEL_LABEL) => LEVEL_LABEL[l][lang === 'zh-CN' ? 0 : 1];
  const refresh = () => qc.invalidateQueries({ queryKey: REGIONS_KEY });

  const retire = async () => {
    try {
      await api.post(`/api/regions/${region.id}/retire`);
      void message.success(t('已撤销', 'Retired'));
      await refresh();
    } catch (err) {
      void message.error(errorMessage(err));
    }
  };

  // Beside the title on a wide screen; on a phone the title needs the whole line, so the buttons go below it.
  const wide = !!Grid.useBreakpoint().md;
  const actions = writable && (
        <Space wrap size={4}>
          {childLevel && (
            <Button size="small" type="primary" icon={<PlusOutlined />} data-testid="region-create-child" onClick={() => setDialog('create')}>
              {t('新建下级', 'New child')}
            </Button>
          )}
          <Button size="small" icon={<EditOutlined />} data-testid="region-rename" onClick={() => setDialog('rename')}>{t('改名', 'Rename')}</Button>
          {region.level !== 'district' && (
            <Button size="small" icon={<SwapOutlined />} data-testid="region-move" onClick={() => setDialog('move')}>{t('移动', 'Move')}</Button>
          )}
          <Popconfirm
            title={t('撤销这个区划？', 'Retire this region?')}
            description={t('撤销后不再使用，历史保留；有下级或在用数据时不能撤销。', 'It stays in history; regions with children or data in use cannot be retired.')}
            okText={t('confirm')}
            cancelText={t('cancel')}
            onConfirm={retire}
          >
            <Button size="small" danger icon={<DeleteOutlined />} data-testid="region-retire">{t('撤销', 'Retire')}</Button>
          </Popconfirm>
        </Space>
      );

  return (
    <Card
      size="small"
      data-testid="region-detail"
      title={<Space wrap><Tag>{lv(region.level)}</Tag>{region.name}{region.retiredAt && <Tag color="default">{t('已撤销', 'Retired')}</Tag>}</Space>}
      extra={wide ? actions : undefined}
    >
      {!wide && actions && <div style={{ marginBottom: 12 }}>{actions}</div>}
      <Descriptions size="small" column={{ xs: 1, sm: 2 }} bordered>
        <Descriptions.Item label={t('name')}>{region.name}</Descriptions.Item>
        <Descriptions.Item label={t('区划代码', 'Code')}><Typography.Text copyable>{region.code}</Typography.Text></Descriptions.Item>
        <Descriptions.Item label={t('层级', 'Level')}>{lv(region.level)}</Descriptions.Item>
        <Descriptions.Item label={t('上级', 'Parent')}>{parent ? `${parent.name}（${parent.code}）` : '—'}</Descriptions.Item>
        <Descriptions.Item label={t('下级数量', 'Children')}>{all.filter((r) => r.parentId === region.id && !r.retiredAt).length}</Descriptions.Item>
        <Descriptions.Item label={t('撤销时间', 'Retired at')}>{fmtTime(region.retiredAt)}</Descriptions.Item>
      </Descriptions>
      <Typography.Title level={5} style={{ marginTop: 16 }}>{t('变更历史', 'History')}</Typography.Title>
      {history.error ? <Typography.Text type="danger">{errorMessage(history.error)}</Typography.Text> : history.data?.length === 0 ? (
        <Typography.Text type="secondary">{t('暂无变更记录（初始导入的区划）', 'No changes yet (imported with the initial data)')}</Typography.Text>
      ) : (
        <Timeline
          data-testid="region-history"
          items={(history.data ?? []).map((h) => ({
            key: h.id,
            content: (
              <div>
                <Typography.Text strong>{ACTION[h.action]?.[lang === 'zh-CN' ? 0 : 1] ?? h.action}</Typography.Text>
                <Typography.Text style={{ marginInlineStart: 8 }}>{describeChange(h)}</Typography.Text>
                <div><Typography.Text type="secondary" style={{ fontSize: 12 }}>{fmtTime(h.at)} · {h.actor ?? t('系统', 'system')}</Typography.Text></div>
              </div>
            ),
          }))}
        />
      )}
      {dialog === 'create' && childLevel && (
        <CreateChildModal parent={region} level={childLevel} siblings={all.filter((r) => r.parentId === region.id)} onClose={() => setDialog(null)}
          onDone={(r) => { setDialog(null); void refresh(); onCreated(r.id, r.parentId); }} />
      )}
      {dialog === 'rename' && <RenameModal region={region} onClose={() => setDialog(null)} onDone={() => { setDialog(null); void refresh(); }} />}
      {dialog === 'move' && (
        <MoveModal region={region} all={all} onClose={() => setDialog(null)} onDone={(r) => { setDialog(null); void refresh(); onChanged(r.id); }} />
      )}
    </Card>
  );
}
