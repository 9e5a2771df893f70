// A case for staff (/cases/:id): what, where, who, the time limits, the reply, extensions, possible duplicates,
// the full timeline, and the action buttons this user may use in this state.
import { useNavigate, useParams } from 'react-router';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Col, Descriptions, List, Result, Row, Space, Tag, Typography } from 'antd';
import { ArrowLeftOutlined } from '@ant-design/icons';
import { api } from '../../lib/api.ts';
import { useT } from '../../lib/i18n.ts';
import { fmtTime } from '../../lib/format.ts';
import { PageHeader } from '../../components/page-header.tsx';
import { ASSIGNEE_TYPES, RATINGS, REQUEST_TYPES, SOURCES, URGENCIES, lbl, type CaseDetail, type CaseItem } from './cases-api.ts';
import { SlaTag, StatusTag, SupervisionTag } from './case-tags.tsx';
import { Attachments, CaseTimeline } from './case-timeline.tsx';
import { CaseActions } from './case-actions.tsx';

const EXT_STATUS: Record<string, [string, string, string]> = { pending: ['待审批', 'Pending', 'gold'], approved: ['已批准', 'Approved', 'green'], rejected: ['未批准', 'Refused', 'red'] };

function Duplicates({ c }: { c: CaseDetail }) {
  const t = useT();
  const navigate = useNavigate();
  const dup = useQuery({ queryKey: ['case-duplicates', c.id], queryFn: () => api.get<CaseItem[]>(`/api/cases/${c.id}/duplicates`), enabled: c.allowedActions.includes('merge') });
  if (!dup.data?.length) return null;
  return (
    <Alert type="warning" showIcon style={{ marginBottom: 12 }} data-testid="case-duplicates"
      title={t(`同一地点、同一分类近期有 ${dup.data.length} 件诉求，可能重复`, `${dup.data.length} recent cases at the same place and category`)}
      description={<List size="small" dataSource={dup.data} renderItem={(d) => (
        <List.Item style={{ paddingInline: 0 }}><a onClick={() => navigate(`/cases/${d.id}`)}>{d.caseNo}</a>　{d.title}　<StatusTag status={d.status} /></List.Item>
      )} />} />
  );
}

export function CaseDetailPage() {
  const t = useT();
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const d = useQuery({ queryKey: ['case', id], queryFn: () => api.get<CaseDetail>(`/api/cases/${id}`) });
  const c = d.data;
  if (d.error) return <Result status="404" title={(d.error as Error).message} extra={<Button onClick={() => navigate('/cases')}>{t('返回列表', 'Back to the list')}</Button>} />;
  if (!c) return null;
  const refresh = async () => {
    await qc.invalidateQueries({ queryKey: ['case', id] });
    await qc.invalidateQueries({ queryKey: ['cases'] });
    await qc.invalidateQueries({ queryKey: ['case-duplicates', id] });
  };
  const photos = c.timeline.find((e) => e.action === 'report')?.attachments ?? [];
  const items = [
    { key: 'cat', label: t('分类', 'Category'), children: c.categoryName },
    { key: 'type', label: t('诉求类型', 'Request type'), children: lbl(REQUEST_TYPES[c.requestType]) },
    { key: 'src', label: t('来源', 'Source'), children: lbl(SOURCES[c.source]) },
    { key: 'urg', label: t('紧急程度', 'Urgency'), children: lbl(URGENCIES[c.urgency]) },
    { key: 'com', label: t('社区', 'Community'), children: c.communityName },
    { key: 'addr', label: t('地点', 'Place'), children: c.address ?? '—' },
    { key: 'rep', label: t('反映人', 'Reporter'), children: c.anonymous ? t('匿名', 'Anonymous') : c.reporter ? [c.reporter.name, c.reporter.phoneMasked].filter(Boolean).join('　') || '—' : '—' },
    { key: 'own', label: t('承办单位', 'Owner'), children: c.assigneeName ? `${c.assigneeName}（${lbl(ASSIGNEE_TYPES[c.assigneeType ?? 'community'])}）` : '—' },
    { key: 'due', label: t('当前环节时限', 'Stage due'), children: <Space size={4}>{fmtTime(c.dueAt)}<SlaTag c={c} testId="case-sla" /></Space> },
    { key: 'hdue', label: t('办结时限', 'Handle by'), children: fmtTime(c.handleDueAt) },
    { key: 'created', label: t('登记时间', 'Created'), children: fmtTime(c.createdAt) },
    { key: 'sup', label: t('督办', 'Supervision'), children: c.supervisionLevel ? <Space size={4}><SupervisionTag level={c.supervisionLevel} />{c.urgeCount > 0 && t(`催办 ${c.urgeCount} 次`, `${c.urgeCount} urges`)}</Space> : '—' },
    ...(c.persons.length ? [{ key: 'persons', label: t('关联人员', 'Persons'), children: c.persons.map((p) => p.name).join('、') }] : []),
    ...(c.reopenCount ? [{ key: 'reopen', label: t('重办次数', 'Reopened'), children: c.reopenCount }] : []),
  ];
  return (
    <div data-testid="case-detail-page">
      <PageHeader
        title={<Space wrap size={8}><Button type="text" icon={<ArrowLeftOutlined />} onClick={() => navigate(-1)} aria-label={t('返回', 'Back')} />{c.title}</Space>}
        sub={<Space wrap size={4}><span data-testid="case-no">{c.caseNo}</span><StatusTag status={c.status} testId="case-status" /><SupervisionTag level={c.supervisionLevel} />
          {c.rating && <Tag color={RATINGS[c.rating].color} data-testid="case-rating">{lbl(RATINGS[c.rating])}</Tag>}</Space>}
      />
      <Card size="small" style={{ marginBottom: 12 }}>
        <CaseActions c={c} onDone={refresh} />
        {!c.allowedActions.length && <Typography.Text type="secondary">{t('当前没有需要您处理的操作', 'Nothing for you to do on this case now')}</Typography.Text>}
      </Card>
      <Duplicates c={c} />
      <Row gutter={[12, 12]}>
        <Col xs={24} lg={14}>
          <Card size="small" title={t('诉求内容', 'The matter')} style={{ marginBottom: 12 }}>
            <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }} data-testid="case-description">{c.description}</Typography.Paragraph>
            <Attachments ids={photos} />
            <Descriptions size="small" column={{ xs: 1, sm: 2 }} items={items} style={{ marginTop: 12 }} />
          </Card>
          {c.replyText && (
            <Card size="small" title={t('答复', 'Reply')} style={{ marginBottom: 12 }} data-testid="case-reply">
              <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>{c.replyText}</Typography.Paragraph>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>{fmtTime(c.repliedAt)}{c.resolved !== null && (c.resolved ? t('　居民认为已解决', '　Solved') : t('　居民认为未解决', '　Not solved'))}</Typography.Text>
            </Card>
          )}
          {c.extensions.length > 0 && (
            <Card size="small" title={t('延期申请', 'Extensions')} style={{ marginBottom: 12 }}>
              <List size="small" dataSource={c.extensions} renderItem={(x) => (
                <List.Item style={{ display: 'block' }}>
                  <Space wrap><Tag color={EXT_STATUS[x.status]?.[2]}>{t(EXT_STATUS[x.status]?.[0] ?? x.status, EXT_STATUS[x.status]?.[1] ?? x.status)}</Tag>
                    {t(`${x.days} 个工作日`, `${x.days} working days`)}<Typography.Text type="secondary">{fmtTime(x.requestedAt)}</Typography.Text></Space>
                  <div>{x.reason}</div>
                  {x.decisionNote && <Typography.Text type="secondary">{x.decisionNote}</Typography.Text>}
                </List.Item>
              )} />
            </Card>
          )}
        </Col>
        <Col xs={24} lg={10}>
          <Card size="small" title={t('办理过程', 'Timeline')}>
            <CaseTimeline events={c.timeline} />
          </Card>
        </Col>
      </Row>
    </div>
  );
}
