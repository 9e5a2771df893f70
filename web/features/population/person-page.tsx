// 人员详情: everything about a person in one place — basic data (ID number and phone masked, 查看 reveals them
// through the audited endpoint), household, house, tags with their attributes, events, history and the timeline
// that other modules add their records to.
import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { Button, Card, Col, Descriptions, Row, Space, Tag, Typography } from 'antd';
import { ArrowLeftOutlined, EditOutlined, FlagOutlined } from '@ant-design/icons';
import { api } from '../../lib/api.ts';
import { useT } from '../../lib/i18n.ts';
import { useCan } from '../../app/auth.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { MaskedValue } from '../../components/masked-value.tsx';
import { DOC_TYPE, GENDER, PERSON_KEY, RESIDENCY, STATUS, ageText, label, revealPerson, type PersonPageData } from './population-api.ts';
import { PersonFormModal } from './person-form.tsx';
import { EventModal } from './person-event.tsx';
import { TagsCard } from './person-tags.tsx';
import { EventsCard, HistoryCard, HouseCard, HouseholdCard, TimelineCard } from './person-sections.tsx';

export function PersonPage() {
  const t = useT();
  const can = useCan();
  const { id = '' } = useParams();
  const [dialog, setDialog] = useState<'edit' | 'event' | null>(null);
  const q = useQuery({ queryKey: [...PERSON_KEY, id], queryFn: () => api.get<PersonPageData>(`/api/persons/${id}/page`) });
  const writable = can('person.write');

  if (!q.data) {
    return (
      <div data-testid="person-page">
        <PageHeader title={t('人员详情', 'Person')} />
        <ErrorAlert error={q.error} />
        {q.isLoading && <Card loading />}
      </div>
    );
  }
  const { person: p, canReveal } = q.data;
  const basics = [
    { key: 'doc', label: label(t, DOC_TYPE[p.docType]), children: <MaskedValue masked={p.docNumber} canReveal={canReveal} reveal={revealPerson(p.id, 'docNumber')} testId="person-doc" /> },
    { key: 'phone', label: t('联系电话', 'Phone'), children: <MaskedValue masked={p.phone} canReveal={canReveal} reveal={revealPerson(p.id, 'phone')} testId="person-phone" /> },
    { key: 'gender', label: t('性别', 'Gender'), children: p.gender ? label(t, GENDER[p.gender]) : '—' },
    { key: 'birth', label: t('出生日期', 'Birth date'), children: p.birthDate ? `${p.birthDate}（${ageText(t, p.age)}）` : '—' },
    { key: 'ethnicity', label: t('民族', 'Ethnicity'), children: p.ethnicity ?? '—' },
    { key: 'education', label: t('文化程度', 'Education'), children: p.education ?? '—' },
    { key: 'political', label: t('政治面貌', 'Political status'), children: p.politicalStatus ?? '—' },
    { key: 'marital', label: t('婚姻状况', 'Marital status'), children: p.maritalStatus ?? '—' },
    { key: 'employment', label: t('就业状况', 'Employment'), children: p.employment ?? '—' },
    { key: 'relation', label: t('与户主关系', 'Relation to head'), children: p.relationToHead ?? '—' },
    { key: 'community', label: t('社区 / 网格', 'Community / grid'), children: [p.communityName, p.gridName].filter(Boolean).join(' / ') || '—' },
    { key: 'address', label: t('现住址', 'Address'), children: p.address ?? '—' },
    { key: 'registered', label: t('户籍地址', 'Registered address'), children: p.registeredAddress ?? '—' },
    { key: 'former', label: t('曾用名', 'Former names'), children: p.formerNames.length ? p.formerNames.join('、') : '—' },
  ];

  return (
    <div data-testid="person-page">
      <PageHeader
        title={
          <Space wrap size={8}>
            <Link to="/population" aria-label={t('返回', 'Back')}><ArrowLeftOutlined /></Link>
            <span data-testid="person-name">{p.name}</span>
            <Tag color={STATUS[p.status].color}>{label(t, STATUS[p.status])}</Tag>
            <Tag color={RESIDENCY[p.residencyType].color}>{label(t, RESIDENCY[p.residencyType])}</Tag>
          </Space>
        }
        sub={<Typography.Text type="secondary">{p.namePinyin}</Typography.Text>}
        extra={writable && <>
          <Button icon={<EditOutlined />} onClick={() => setDialog('edit')} data-testid="person-edit">{t('edit')}</Button>
          <Button icon={<FlagOutlined />} onClick={() => setDialog('event')} data-testid="person-event">{t('记录事件', 'Record event')}</Button>
        </>}
      />
      <ErrorAlert error={q.error} />
      <Row gutter={[12, 12]}>
        <Col xs={24} xl={14}>
          <Card size="small" title={t('基本信息', 'Basic data')} data-testid="person-basics">
            <Descriptions size="small" column={{ xs: 1, sm: 2 }} items={basics} />
          </Card>
        </Col>
        <Col xs={24} xl={10}>
          <TagsCard person={p} writable={writable} />
        </Col>
        <Col xs={24} lg={12}><HouseholdCard household={q.data.household} currentId={p.id} /></Col>
        <Col xs={24} lg={12}><HouseCard house={q.data.house} /></Col>
        <Col xs={24} lg={12}><TimelineCard items={q.data.timeline} /></Col>
        <Col xs={24} lg={12}><EventsCard events={q.data.events} /></Col>
        <Col xs={24}><HistoryCard items={q.data.history} /></Col>
      </Row>
      {dialog === 'edit' && <PersonFormModal person={p} onClose={() => setDialog(null)} />}
      {dialog === 'event' && <EventModal person={p} onClose={() => setDialog(null)} />}
    </div>
  );
}
