// The full timeline of a case for staff: every step with its actor, time, note, details and attachments.
import { Image, Space, Tag, Timeline, Typography } from 'antd';
import { PaperClipOutlined } from '@ant-design/icons';
import { useT, type T } from '../../lib/i18n.ts';
import { fmtTime } from '../../lib/format.ts';
import { ASSIGNEE_TYPES, RATINGS, SUPERVISION, lbl, fileUrl, type CaseEvent } from './cases-api.ts';

const COLOR: Record<string, string> = {
  report: 'blue', accept: 'blue', dispatch: 'blue', sign: 'blue', handle: 'green', reply: 'green', rate: 'green', callback: 'green', close: 'gray', archive: 'gray',
  return: 'orange', reject: 'red', sla_due_soon: 'orange', sla_overdue: 'red', escalate: 'red', supervise: 'red', urge: 'red', reopen: 'orange', auto_reopen: 'orange',
};

/** The step's structured details in words (dispatch target, rating, extension days, supervision level, …). */
function detailText(e: CaseEvent, t: T): string[] {
  const d = e.detail as Record<string, unknown>;
  const out: string[] = [];
  if (typeof d.assignee === 'string') out.push(t(`交办给：${d.assignee}（${lbl(ASSIGNEE_TYPES[d.assigneeType as 'community'])}）`, `To: ${d.assignee}`));
  if (typeof d.from === 'string' && e.action === 'return') out.push(t(`退回单位：${d.from}`, `Returned by ${d.from}`));
  if (typeof d.rating === 'string') out.push(t(`评价：${lbl(RATINGS[d.rating as 'satisfied'])}，${d.resolved ? '已解决' : '未解决'}`, `Rating: ${lbl(RATINGS[d.rating as 'satisfied'])}, ${d.resolved ? 'solved' : 'not solved'}`));
  if (typeof d.days === 'number') out.push(e.action === 'decide_extension' ? t(`${d.approved ? '批准' : '不批准'}延期 ${d.days} 个工作日`, `${d.approved ? 'Approved' : 'Refused'} ${d.days} days`) : t(`申请延期 ${d.days} 个工作日`, `${d.days} more working days`));
  if (typeof d.level === 'string') out.push(lbl(SUPERVISION[d.level], d.level));
  if (typeof d.intoNo === 'string') out.push(t(`并入工单 ${d.intoNo}`, `Merged into ${d.intoNo}`));
  if (typeof d.caseNo === 'string' && e.action === 'merged_from') out.push(t(`并入的重复诉求：${d.caseNo}`, `Merged duplicate ${d.caseNo}`));
  if (typeof d.requestType === 'string') out.push(d.requestType);
  if (typeof d.pausedWorkingMinutes === 'number') out.push(t(`挂起 ${Math.round(d.pausedWorkingMinutes / 6) / 10} 个工作小时（不计入时限）`, `Paused ${Math.round(d.pausedWorkingMinutes / 6) / 10} working hours`));
  return out;
}

export function Attachments({ ids }: { ids: string[] }) {
  if (!ids.length) return null;
  return (
    <Image.PreviewGroup>
      <Space wrap size={6} style={{ marginTop: 4 }}>
        {ids.map((id) => <Image key={id} src={fileUrl(id)} width={64} height={64} style={{ objectFit: 'cover', borderRadius: 4 }} fallback="data:image/gif;base64,R0lGODlhAQABAAAAACw=" alt={id} />)}
      </Space>
    </Image.PreviewGroup>
  );
}

export function CaseTimeline({ events }: { events: CaseEvent[] }) {
  const t = useT();
  return (
    <Timeline data-testid="case-timeline" items={events.map((e) => ({
      color: COLOR[e.action] ?? 'gray',
      children: (
        <div data-testid={`timeline-${e.action}`}>
          <Space size={6} wrap>
            <Typography.Text strong>{e.actionName}</Typography.Text>
            <Typography.Text>{e.actorLabel}</Typography.Text>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>{fmtTime(e.at)}</Typography.Text>
            {e.attachments.length > 0 && <Tag icon={<PaperClipOutlined />}>{e.attachments.length}</Tag>}
          </Space>
          {detailText(e, t).map((x) => <div key={x}><Typography.Text type="secondary">{x}</Typography.Text></div>)}
          {e.note && <div style={{ whiteSpace: 'pre-wrap' }}>{e.note}</div>}
          <Attachments ids={e.attachments} />
        </div>
      ),
    }))} />
  );
}
