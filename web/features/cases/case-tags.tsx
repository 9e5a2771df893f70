// Small badges used on the case lists and the detail page: status, SLA (due soon / overdue), supervision.
import { Tag, Tooltip } from 'antd';
import { ClockCircleOutlined, FireOutlined } from '@ant-design/icons';
import { useT } from '../../lib/i18n.ts';
import { fmtTime } from '../../lib/format.ts';
import { STATUS, SUPERVISION, URGENCIES, lbl, type CaseItem } from './cases-api.ts';

export function StatusTag({ status, testId }: { status: CaseItem['status']; testId?: string }) {
  return <Tag color={STATUS[status].color} data-testid={testId}>{lbl(STATUS[status], status)}</Tag>;
}

export function SlaTag({ c, testId }: { c: Pick<CaseItem, 'slaState' | 'dueAt'>; testId?: string }) {
  const t = useT();
  if (c.slaState === 'normal') return null;
  const overdue = c.slaState === 'overdue';
  return (
    <Tooltip title={c.dueAt ? t(`时限：${fmtTime(c.dueAt)}`, `Due ${fmtTime(c.dueAt)}`) : undefined}>
      <Tag color={overdue ? 'red' : 'orange'} icon={<ClockCircleOutlined />} data-testid={testId} data-sla={c.slaState}>
        {overdue ? t('已超期', 'Overdue') : t('即将超期', 'Due soon')}
      </Tag>
    </Tooltip>
  );
}

export function SupervisionTag({ level }: { level: string | null }) {
  if (!level) return null;
  const s = SUPERVISION[level];
  return <Tag color={s?.color ?? 'gold'} icon={<FireOutlined />}>{lbl(s, level)}</Tag>;
}

export function UrgencyTag({ urgency }: { urgency: CaseItem['urgency'] }) {
  if (urgency === 'normal') return null;
  return <Tag color={URGENCIES[urgency].color}>{lbl(URGENCIES[urgency])}</Tag>;
}
