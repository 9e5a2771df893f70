// A resident's report (/my/cases/:id): progress steps, public timeline, the reply, and the rating form once
// it has been replied to. Staff notes never reach this page (the server sends public steps only).
import { useState } from 'react';
import { useParams, useNavigate } from 'react-router';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Descriptions, Input, Radio, Result, Space, Steps, Switch, Tag, Timeline, Typography } from 'antd';
import type { Rating } from '../../../contracts/cases.ts';
import { api } from '../../lib/api.ts';
import { useT } from '../../lib/i18n.ts';
import { fmtTime } from '../../lib/format.ts';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { RATINGS, STATUS, lbl, type MyCase } from './cases-api.ts';

/** Where the case is on the resident's five steps: submitted → accepted → handling → replied → rated. */
export function progressStep(status: MyCase['status']): number {
  switch (status) {
    case 'reported': return 0;
    case 'accepted': case 'dispatched': case 'returned': return 1;
    case 'handling': case 'paused': case 'handled': return 2;
    case 'replied': return 3;
    default: return 4;
  }
}

function RateForm({ c, onDone }: { c: MyCase; onDone: () => Promise<void> }) {
  const t = useT();
  const [rating, setRating] = useState<Rating | null>(null);
  const [resolved, setResolved] = useState(true);
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      await api.post(`/api/my/cases/${c.id}/rate`, { rating, resolved, comment: comment.trim() || undefined });
      await onDone();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card size="small" title={t('请您评价', 'Please rate')} data-testid="rate-form" style={{ marginBottom: 12, borderColor: '#91caff' }}>
      <ErrorAlert error={error} testId="rate-error" />
      <Space direction="vertical" style={{ width: '100%' }}>
        <Radio.Group value={rating} onChange={(e) => setRating(e.target.value as Rating)} optionType="button" buttonStyle="solid" style={{ display: 'flex' }}>
          {(Object.keys(RATINGS) as Rating[]).map((r) => (
            <Radio.Button key={r} value={r} style={{ flex: 1, textAlign: 'center' }}><span data-testid={`rate-${r}`}>{lbl(RATINGS[r])}</span></Radio.Button>
          ))}
        </Radio.Group>
        <Space>
          <Typography.Text>{t('问题是否已解决', 'Was it solved?')}</Typography.Text>
          <Switch checked={resolved} onChange={setResolved} checkedChildren={t('已解决', 'Yes')} unCheckedChildren={t('未解决', 'No')} data-testid="rate-resolved" />
        </Space>
        <Input.TextArea rows={3} maxLength={1000} value={comment} onChange={(e) => setComment(e.target.value)} placeholder={t('说说您的意见（可选）', 'Your comment (optional)')} data-testid="rate-comment" />
        {rating === 'unsatisfied' && <Alert type="warning" showIcon title={t('选择不满意后，工单将退回承办单位重新办理', 'Unsatisfied sends the case back to be handled again')} />}
        <Button type="primary" block disabled={!rating} loading={busy} onClick={submit} data-testid="rate-submit">{t('提交评价', 'Submit rating')}</Button>
      </Space>
    </Card>
  );
}

export function MyCasePage() {
  const t = useT();
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const d = useQuery({ queryKey: ['my-case', id], queryFn: () => api.get<MyCase>(`/api/my/cases/${id}`) });
  const c = d.data;
  if (d.error) return <Result status="404" title={(d.error as Error).message} extra={<Button onClick={() => navigate('/my/cases')}>{t('返回', 'Back')}</Button>} />;
  if (!c) return null;
  const refresh = async () => {
    await qc.invalidateQueries({ queryKey: ['my-case', id] });
    await qc.invalidateQueries({ queryKey: ['my-cases'] });
  };
  const closedEarly = c.status === 'merged' || (c.status === 'closed' && !c.repliedAt);
  return (
    <div style={{ maxWidth: 560, margin: '0 auto' }} data-testid="my-case-page">
      <PageHeader title={c.title} sub={<span data-testid="my-case-no">{c.caseNo}</span>}
        extra={<Button onClick={() => navigate('/my/cases')}>{t('我的反映', 'My reports')}</Button>} />
      <Card size="small" style={{ marginBottom: 12 }}>
        <Space style={{ marginBottom: 12 }}>
          <Tag color={STATUS[c.status].color} data-testid="my-case-status">{lbl(STATUS[c.status])}</Tag>
          {c.rating && <Tag color={RATINGS[c.rating].color} data-testid="my-case-rating">{lbl(RATINGS[c.rating])}</Tag>}
        </Space>
        <Steps size="small" direction="vertical" current={progressStep(c.status)} status={closedEarly ? 'error' : undefined} data-testid="my-case-steps"
          items={[
            { title: t('已提交', 'Submitted'), description: fmtTime(c.createdAt) },
            { title: t('社区受理', 'Accepted') },
            { title: t('交办处理', 'Being handled') },
            { title: t('办理答复', 'Replied'), description: c.repliedAt ? fmtTime(c.repliedAt) : undefined },
            { title: t('评价', 'Rated') },
          ]} />
      </Card>
      {c.replyText && (
        <Card size="small" title={t('办理答复', 'Reply')} style={{ marginBottom: 12 }} data-testid="my-case-reply">
          <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>{c.replyText}</Typography.Paragraph>
        </Card>
      )}
      {c.canRate && <RateForm c={c} onDone={refresh} />}
      <Card size="small" title={t('反映内容', 'My report')} style={{ marginBottom: 12 }}>
        <Descriptions column={1} size="small" items={[
          { key: 'cat', label: t('分类', 'Category'), children: c.categoryName },
          { key: 'addr', label: t('地点', 'Place'), children: c.address ?? '—' },
          { key: 'anon', label: t('匿名', 'Anonymous'), children: c.anonymous ? t('是', 'Yes') : t('否', 'No') },
          { key: 'photos', label: t('照片', 'Photos'), children: c.photos.length ? t(`${c.photos.length} 张`, `${c.photos.length}`) : t('无', 'None') },
        ]} />
        <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginTop: 8, marginBottom: 0 }}>{c.description}</Typography.Paragraph>
      </Card>
      <Card size="small" title={t('办理进度', 'Progress')}>
        <Timeline data-testid="my-case-timeline" items={[...c.timeline].reverse().map((e) => ({
          children: (
            <div>
              <Typography.Text strong>{e.actionName}</Typography.Text>
              <Typography.Text type="secondary" style={{ marginInlineStart: 8, fontSize: 12 }}>{fmtTime(e.at)}</Typography.Text>
              {e.note && <div style={{ whiteSpace: 'pre-wrap' }}>{e.note}</div>}
            </div>
          ),
        }))} />
      </Card>
    </div>
  );
}
