// 网格巡查 (/grid/patrols), phone first: start a patrol, note findings (with photos) as you walk, finish it with the
// route notes; every finding can then become a case in one step. Findings typed before finishing are kept in
// the browser (localStorage) so a reload on a weak connection loses nothing.
import { useEffect, useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Card, Collapse, Empty, Form, Input, Segmented, Space, Tag, Typography } from 'antd';
import { PlayCircleOutlined, StopOutlined } from '@ant-design/icons';
import { useCurrentUser } from '../../app/auth.tsx';
import { api } from '../../lib/api.ts';
import { useT } from '../../lib/i18n.ts';
import { fmtTime } from '../../lib/format.ts';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { RegionPicker } from '../../components/region-picker.tsx';
import { lbl } from '../cases/cases-api.ts';
import { FindingsEditor, FindingsList } from './to-case.tsx';
import { PATROL_KINDS, type FindingDraft, type Paged, type Patrol } from './grid-api.ts';

const draftKey = (id: string) => `linli.patrol.${id}`;

function loadDraft(id: string): FindingDraft[] {
  try {
    return JSON.parse(localStorage.getItem(draftKey(id)) ?? '[]') as FindingDraft[];
  } catch {
    return [];
  }
}

function CurrentPatrol({ p, onEnded }: { p: Patrol; onEnded: () => Promise<void> }) {
  const t = useT();
  const [findings, setFindings] = useState<FindingDraft[]>(() => loadDraft(p.id));
  const [notes, setNotes] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => localStorage.setItem(draftKey(p.id), JSON.stringify(findings)), [p.id, findings]);
  const end = async () => {
    setBusy(true);
    setError(null);
    try {
      await api.post(`/api/grid/patrols/${p.id}/end`, { routeNotes: notes.trim() || undefined, findings });
      localStorage.removeItem(draftKey(p.id));
      await onEnded();
    } catch (err) { setError(err); } finally { setBusy(false); }
  };
  return (
    <Card size="small" title={<Space><Tag color="processing">{t('巡查中', 'On patrol')}</Tag>{p.gridName}</Space>} data-testid="patrol-current" style={{ marginBottom: 12 }}
      extra={<Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('开始于', 'Since')} {fmtTime(p.startedAt).slice(11, 16)}</Typography.Text>}>
      <FindingsEditor value={findings} onChange={setFindings} testId="patrol-finding" />
      <Form layout="vertical" style={{ marginTop: 12 }}>
        <Form.Item label={t('巡查路线与情况', 'Route and notes')}>
          <Input.TextArea rows={2} value={notes} onChange={(e) => setNotes(e.target.value)} maxLength={4000} placeholder={t('如：东门—3号楼—小广场—南门', 'e.g. east gate → building 3 → square')} data-testid="patrol-notes" />
        </Form.Item>
      </Form>
      <ErrorAlert error={error} />
      <Button type="primary" danger block size="large" icon={<StopOutlined />} loading={busy} onClick={end} data-testid="patrol-end">
        {t(`结束巡查${findings.length ? `（提交 ${findings.length} 个问题）` : ''}`, `Finish${findings.length ? ` (${findings.length} findings)` : ''}`)}
      </Button>
    </Card>
  );
}

function StartPatrol({ onStarted }: { onStarted: () => Promise<void> }) {
  const t = useT();
  const me = useCurrentUser();
  const [kind, setKind] = useState<keyof typeof PATROL_KINDS>('routine');
  const [gridId, setGridId] = useState<number | null>(me.scope.level === 'grid' ? me.scope.id : null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const start = async () => {
    setBusy(true);
    setError(null);
    try {
      await api.post('/api/grid/patrols', { kind, gridId: gridId ?? undefined });
      await onStarted();
    } catch (err) { setError(err); } finally { setBusy(false); }
  };
  return (
    <Card size="small" style={{ marginBottom: 12 }}>
      <ErrorAlert error={error} />
      <Space direction="vertical" style={{ width: '100%' }}>
        <Segmented block value={kind} onChange={(v) => setKind(v as keyof typeof PATROL_KINDS)} options={(Object.keys(PATROL_KINDS) as (keyof typeof PATROL_KINDS)[]).map((k) => ({ value: k, label: lbl(PATROL_KINDS[k]) }))} />
        {me.scope.level !== 'grid' && <RegionPicker levels={['grid']} value={gridId} onChange={setGridId} placeholder={t('选择巡查网格', 'Choose the grid')} testId="patrol-grid" />}
        <Button type="primary" block size="large" icon={<PlayCircleOutlined />} loading={busy} onClick={start} data-testid="patrol-start">{t('开始巡查', 'Start patrol')}</Button>
      </Space>
    </Card>
  );
}

export function PatrolsPage() {
  const t = useT();
  const me = useCurrentUser();
  const qc = useQueryClient();
  const list = useQuery({ queryKey: ['grid-patrols'], queryFn: () => api.get<Paged<Patrol>>('/api/grid/patrols', { pageSize: 30 }) });
  const refresh = () => qc.invalidateQueries({ queryKey: ['grid-patrols'] });
  // The API does not say whose patrol it is by id; the open one started by this user is the current one.
  const current = list.data?.items.find((p) => !p.endedAt && p.workerId === me.user.id);
  const past = (list.data?.items ?? []).filter((p) => p !== current);
  return (
    <div style={{ maxWidth: 640, margin: '0 auto' }} data-testid="patrols-page">
      <PageHeader title={t('网格巡查', 'Patrols')} sub={t('边走边记，发现问题一键转工单', 'Note what you find; turn it into a case in one step')} />
      <ErrorAlert error={list.error} />
      {list.data && (current ? <CurrentPatrol key={current.id} p={current} onEnded={refresh} /> : <StartPatrol onStarted={refresh} />)}
      <Card size="small" title={t('巡查记录', 'Patrol log')}>
        {past.length ? (
          <Collapse size="small" items={past.map((p) => ({
            key: p.id,
            label: (
              <Space wrap size={4}>
                <span>{fmtTime(p.startedAt).slice(0, 16)}</span><span>{p.gridName}</span><Tag>{lbl(PATROL_KINDS[p.kind as 'routine'], p.kind)}</Tag>
                {!p.endedAt && <Tag color="processing">{t('进行中', 'Ongoing')}</Tag>}
                {p.findings.length > 0 && <Tag color="orange">{t(`${p.findings.length} 个问题`, `${p.findings.length} findings`)}</Tag>}
              </Space>
            ),
            children: (
              <div data-testid={`patrol-${p.id}`}>
                <Typography.Text type="secondary">{p.workerName}　{fmtTime(p.startedAt)} — {p.endedAt ? fmtTime(p.endedAt) : '…'}</Typography.Text>
                {p.routeNotes && <Typography.Paragraph style={{ margin: '4px 0' }}>{p.routeNotes}</Typography.Paragraph>}
                <FindingsList findings={p.findings} onChanged={refresh} />
              </div>
            ),
          }))} />
        ) : <Empty description={t('暂无巡查记录', 'No patrols yet')} />}
      </Card>
    </div>
  );
}
